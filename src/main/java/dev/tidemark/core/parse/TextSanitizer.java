package dev.tidemark.core.parse;

import java.text.Normalizer;

/**
 * Makes a source string safe for PostgreSQL {@code text} and {@code jsonb}, and canonical for comparison.
 *
 * <p>PostgreSQL rejects NUL in text and {@code \u0000} in jsonb; a lone UTF-16 surrogate cannot be encoded
 * as UTF-8 at all (pgjdbc would silently turn it into {@code ?}); other C0/C1 control characters break
 * terminals and downstream consumers. Tab and newline are content in captions and are kept; a carriage
 * return is folded into a newline. NFC makes "é" one code point however the writer composed it, so equal
 * text compares equal.
 */
public final class TextSanitizer {
    private static final char BOM = '\uFEFF';
    private static final char REPLACEMENT = '\uFFFD';

    private TextSanitizer() {
    }

    /**
     * Sanitized text trimmed of white space in Unicode's sense; blank becomes null. {@link String#strip()}
     * alone would keep no-break spaces (U+00A0, U+2007, U+202F), so a caption of only those would be stored
     * as if it said something.
     */
    public static String clean(String raw) {
        if (raw == null) {
            return null;
        }
        String text = strip(raw, false);
        int start = 0;
        int end = text.length();
        while (start < end && isUnicodeWhitespace(text.codePointAt(start))) {
            start += Character.charCount(text.codePointAt(start));
        }
        while (end > start && isUnicodeWhitespace(text.codePointBefore(end))) {
            end -= Character.charCount(text.codePointBefore(end));
        }
        return start == end ? null : text.substring(start, end);
    }

    /**
     * Unicode's White_Space property: Java's {@link Character#isWhitespace} plus the no-break spaces it
     * leaves out on purpose and NEL.
     */
    public static boolean isUnicodeWhitespace(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint) || codePoint == 0x85;
    }

    /**
     * Sanitized text with nothing removed that a reader of the raw item would want to see: NUL and lone
     * surrogates become U+FFFD, other characters are kept. Used for quarantine copies and unknown fields.
     */
    public static String preserve(String raw) {
        return raw == null ? null : strip(raw, true);
    }

    /**
     * True if PostgreSQL can store the string exactly as it is: no NUL, no lone surrogate. Used for keys,
     * which are kept byte for byte (a cleaned key would no longer match the source item).
     */
    public static boolean isStorableAsIs(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String strip(String raw, boolean keepVisible) {
        StringBuilder out = null;
        int n = raw.length();
        for (int i = 0; i < n; i++) {
            char c = raw.charAt(i);
            String replacement = null;
            boolean drop = false;
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(raw.charAt(i + 1))) {
                    if (out != null) {
                        out.append(c).append(raw.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
                replacement = keepVisible ? String.valueOf(REPLACEMENT) : null;
                drop = !keepVisible;
            } else if (Character.isLowSurrogate(c)) {
                replacement = keepVisible ? String.valueOf(REPLACEMENT) : null;
                drop = !keepVisible;
            } else if (c == 0) {
                replacement = keepVisible ? String.valueOf(REPLACEMENT) : null;
                drop = !keepVisible;
            } else if (c == BOM) {
                drop = !keepVisible || i == 0;
            } else if (c == '\r') {
                if (!keepVisible) {
                    boolean crlf = i + 1 < n && raw.charAt(i + 1) == '\n';
                    replacement = crlf ? "" : "\n";
                }
            } else if (isControl(c) && !keepVisible) {
                drop = true;
            }
            if (drop || replacement != null) {
                if (out == null) {
                    out = new StringBuilder(n);
                    out.append(raw, 0, i);
                }
                if (!drop) {
                    out.append(replacement);
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        String text = out == null ? raw : out.toString();
        return belowCombiningMarks(text) || Normalizer.isNormalized(text, Normalizer.Form.NFC)
                ? text : Normalizer.normalize(text, Normalizer.Form.NFC);
    }

    /**
     * Text of code points below U+0300, the first combining mark, is NFC as it stands: none of them decomposes or
     * composes with its neighbour. Most source text is, and skips the normalizer, which allocates on every call
     * (profiled: a twentieth of the read-ahead threads' allocation).
     */
    private static boolean belowCombiningMarks(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x300) {
                return false;
            }
        }
        return true;
    }

    private static boolean isControl(char c) {
        if (c == '\n' || c == '\t') {
            return false;
        }
        return c < 0x20 || (c >= 0x7F && c <= 0x9F);
    }
}
