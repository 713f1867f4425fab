package org.vitrine.feed;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;

/**
 * AtomFeed is an Atom 1.0 document (RFC 4287) of photos and albums, written with an XML writer so that titles
 * and captions are escaped by the writer, never by hand. Every URL in it is absolute: feed readers fetch them
 * from elsewhere.
 *
 * @param id      the feed's permanent id (its own absolute URL)
 * @param pageUrl the absolute URL of the page the feed follows
 * @param author  who the entries are by: the site's name
 */
record AtomFeed(String id, String title, String pageUrl, String author, Instant updated, List<Entry> entries) {
    static final String CONTENT_TYPE = "application/atom+xml; charset=utf-8";
    private static final String ATOM = "http://www.w3.org/2005/Atom";
    private static final String XHTML = "http://www.w3.org/1999/xhtml";

    /**
     * Entry is one photo or album of a feed.
     *
     * @param image the derivative shown in the summary and offered as the enclosure, or null
     * @param text  a caption or description, plain text; may be blank
     */
    record Entry(String id, String title, String pageUrl, Instant published, Instant updated, Image image,
                 String text) {
    }

    /** Image is an absolute URL of a JPEG derivative any visitor may fetch, with its size. */
    record Image(String url, int width, int height, long byteSize) {
    }

    /** The document, UTF-8. */
    byte[] toXml() {
        var out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.setDefaultNamespace(ATOM);
            xml.writeStartElement(ATOM, "feed");
            xml.writeDefaultNamespace(ATOM);
            element(xml, "id", id);
            element(xml, "title", title);
            element(xml, "updated", updated.toString());
            link(xml, "self", CONTENT_TYPE.substring(0, CONTENT_TYPE.indexOf(';')), id, 0);
            link(xml, "alternate", "text/html", pageUrl, 0);
            xml.writeStartElement(ATOM, "author");
            element(xml, "name", author);
            xml.writeEndElement();
            element(xml, "generator", "Vitrine");
            for (Entry entry : entries) {
                writeEntry(xml, entry);
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("could not write a feed", e);
        }
        return out.toByteArray();
    }

    private static void writeEntry(XMLStreamWriter xml, Entry entry) throws XMLStreamException {
        xml.writeStartElement(ATOM, "entry");
        element(xml, "id", entry.id());
        element(xml, "title", entry.title());
        element(xml, "published", entry.published().toString());
        element(xml, "updated", entry.updated().toString());
        link(xml, "alternate", "text/html", entry.pageUrl(), 0);
        if (entry.image() != null) {
            link(xml, "enclosure", "image/jpeg", entry.image().url(), entry.image().byteSize());
        }
        // XHTML rather than escaped HTML: the writer keeps the caption text and the image's attributes apart.
        xml.writeStartElement(ATOM, "summary");
        xml.writeAttribute("type", "xhtml");
        xml.setPrefix("", XHTML);
        xml.writeStartElement(XHTML, "div");
        xml.writeDefaultNamespace(XHTML);
        if (entry.image() != null) {
            xml.writeStartElement(XHTML, "p");
            xml.writeStartElement(XHTML, "a");
            xml.writeAttribute("href", entry.pageUrl());
            xml.writeEmptyElement(XHTML, "img");
            xml.writeAttribute("src", entry.image().url());
            xml.writeAttribute("alt", clean(entry.title()));
            xml.writeAttribute("width", String.valueOf(entry.image().width()));
            xml.writeAttribute("height", String.valueOf(entry.image().height()));
            xml.writeEndElement();
            xml.writeEndElement();
        }
        if (entry.text() != null && !entry.text().isBlank()) {
            xml.writeStartElement(XHTML, "p");
            xml.writeCharacters(clean(entry.text()));
            xml.writeEndElement();
        }
        xml.writeEndElement();
        xml.setPrefix("", ATOM);
        xml.writeEndElement();
        xml.writeEndElement();
    }

    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement(ATOM, name);
        xml.writeCharacters(clean(text));
        xml.writeEndElement();
    }

    private static void link(XMLStreamWriter xml, String rel, String type, String href, long length)
            throws XMLStreamException {
        xml.writeEmptyElement(ATOM, "link");
        xml.writeAttribute("rel", rel);
        xml.writeAttribute("type", type);
        xml.writeAttribute("href", href);
        if (length > 0) {
            xml.writeAttribute("length", String.valueOf(length));
        }
    }

    /**
     * The text without the characters XML 1.0 cannot carry at all (most control characters): the writer escapes
     * markup but passes these through, and one of them in a caption would make the whole feed unreadable.
     */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        var sb = new StringBuilder(text.length());
        text.codePoints().filter(AtomFeed::allowedInXml).forEach(sb::appendCodePoint);
        return sb.toString();
    }

    private static boolean allowedInXml(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }
}
