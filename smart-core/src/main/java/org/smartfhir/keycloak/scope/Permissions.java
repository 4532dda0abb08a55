package org.smartfhir.keycloak.scope;

/**
 * A set of SMART v2 permissions ({@code c r u d s}). v1 suffixes map onto the same set, which is what makes v1 and v2
 * requests comparable: {@code read} = {@code rs}, {@code write} = {@code cud}, {@code *} = {@code cruds}
 * (SMART App Launch 2.2 §"Scopes for requesting FHIR resources", v1 compatibility table).
 */
public final class Permissions {

    private static final String ORDER = "cruds";
    private static final int ALL_BITS = 0b11111;

    public static final Permissions READ = new Permissions(bits("rs"));
    public static final Permissions WRITE = new Permissions(bits("cud"));
    public static final Permissions ALL = new Permissions(ALL_BITS);

    private final int bits;

    private Permissions(int bits) {
        this.bits = bits;
    }

    /**
     * Parses a v2 permission suffix. It must be non-empty, use only {@code c r u d s}, each at most once, in that
     * order; the IG lets servers reject other orders, and accepting them would let {@code .rd} (read + delete) pass for
     * a misspelt {@code .read}.
     *
     * @return the permissions, or {@code null} when the suffix is not a canonical v2 suffix
     */
    static Permissions parseV2(String suffix) {
        if (suffix.isEmpty() || suffix.length() > ORDER.length()) {
            return null;
        }
        int bits = 0;
        int last = -1;
        for (int i = 0; i < suffix.length(); i++) {
            int index = ORDER.indexOf(suffix.charAt(i));
            if (index <= last) {
                return null;
            }
            bits |= 1 << index;
            last = index;
        }
        return new Permissions(bits);
    }

    /** The v1 suffix this set corresponds to, for v1 words only. */
    static Permissions parseV1(String suffix) {
        return switch (suffix) {
            case "read" -> READ;
            case "write" -> WRITE;
            case "*" -> ALL;
            default -> null;
        };
    }

    private static int bits(String letters) {
        int b = 0;
        for (char c : letters.toCharArray()) {
            b |= 1 << ORDER.indexOf(c);
        }
        return b;
    }

    public boolean containsAll(Permissions other) {
        return (bits & other.bits) == other.bits;
    }

    public boolean has(char permission) {
        int index = ORDER.indexOf(permission);
        return index >= 0 && (bits & (1 << index)) != 0;
    }

    /** True when any of create, update or delete is included: the scopes that change data. */
    public boolean writes() {
        return has('c') || has('u') || has('d');
    }

    /** The canonical v2 letters, e.g. {@code rs}. */
    public String v2() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < ORDER.length(); i++) {
            if ((bits & (1 << i)) != 0) {
                out.append(ORDER.charAt(i));
            }
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Permissions p && p.bits == bits;
    }

    @Override
    public int hashCode() {
        return bits;
    }

    @Override
    public String toString() {
        return v2();
    }
}
