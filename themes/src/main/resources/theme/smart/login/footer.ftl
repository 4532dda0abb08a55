<#macro content>
<#-- System-use notice (NIST SP 800-53 AC-8, HIPAA §164.308(a)(5)): every sign-in page says that access to health
     records is monitored and logged. Hospitals replace the text with their own under Realm settings → Localization
     (key smartSystemUseNotice), without a new theme. -->
<p id="smart-system-use-notice" class="smart-system-use-notice" role="note">${msg("smartSystemUseNotice")}</p>
</#macro>
