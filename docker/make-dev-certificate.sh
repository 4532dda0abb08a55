#!/usr/bin/env bash
# A self-signed certificate for trying the compose file on one machine (browsers will warn). Never for production:
# use your hospital's certificate authority.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p certs
keytool -genkeypair -alias localhost -keyalg RSA -keysize 3072 -validity 30 -dname "CN=localhost" \
  -ext "SAN=dns:localhost,ip:127.0.0.1" -keystore certs/dev.p12 -storetype PKCS12 -storepass changeit -keypass changeit
openssl pkcs12 -in certs/dev.p12 -passin pass:changeit -nokeys -out certs/tls.crt
openssl pkcs12 -in certs/dev.p12 -passin pass:changeit -nocerts -nodes -out certs/tls.key
chmod 600 certs/tls.key
echo "docker/certs/tls.crt and tls.key written (self-signed, 30 days)"
