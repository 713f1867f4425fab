package org.vitrine.web;

/**
 * AcceptEncoding reads an Accept-Encoding header ("br, gzip;q=0.8, *;q=0.1") for the one question asset serving
 * has: may this coding be sent? A coding is acceptable when it is listed, or covered by "*", with a quality above 0.
 */
final class AcceptEncoding {
    private AcceptEncoding() {
    }

    static boolean accepts(String header, String coding) {
        if (header == null) {
            return false;
        }
        double named = -1;
        double any = -1;
        for (String part : header.split(",")) {
            String[] pieces = part.split(";");
            String name = pieces[0].trim();
            double quality = 1;
            for (int i = 1; i < pieces.length; i++) {
                String parameter = pieces[i].trim();
                if (parameter.startsWith("q=")) {
                    try {
                        quality = Double.parseDouble(parameter.substring(2).trim());
                    } catch (NumberFormatException e) {
                        quality = 0;
                    }
                }
            }
            if (name.equalsIgnoreCase(coding)) {
                named = quality;
            } else if (name.equals("*")) {
                any = quality;
            }
        }
        return named >= 0 ? named > 0 : any > 0;
    }
}
