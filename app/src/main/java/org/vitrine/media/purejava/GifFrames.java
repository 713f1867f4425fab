package org.vitrine.media.purejava;

import org.w3c.dom.Node;

import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;

/**
 * GifFrames places a GIF's first frame on its logical screen: a frame may be smaller than the image and
 * offset within it, and the upright size users see is the screen's.
 */
final class GifFrames {
    private static final String FORMAT = "javax_imageio_gif_stream_1.0";
    private static final String IMAGE_FORMAT = "javax_imageio_gif_image_1.0";

    private GifFrames() {
    }

    static BufferedImage onLogicalScreen(ImageReader reader, BufferedImage frame) throws IOException {
        IIOMetadata stream = reader.getStreamMetadata();
        IIOMetadata image = reader.getImageMetadata(0);
        Node screen = child(stream == null ? null : stream.getAsTree(FORMAT), "LogicalScreenDescriptor");
        Node descriptor = child(image == null ? null : image.getAsTree(IMAGE_FORMAT), "ImageDescriptor");
        int width = attribute(screen, "logicalScreenWidth", frame.getWidth());
        int height = attribute(screen, "logicalScreenHeight", frame.getHeight());
        int left = attribute(descriptor, "imageLeftPosition", 0);
        int top = attribute(descriptor, "imageTopPosition", 0);
        if (width == frame.getWidth() && height == frame.getHeight() && left == 0 && top == 0) {
            return frame;
        }
        BufferedImage canvas = new BufferedImage(Math.max(1, width), Math.max(1, height), BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setColor(new Color(255, 255, 255, 0));
            g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
            g.drawImage(frame, left, top, null);
        } finally {
            g.dispose();
        }
        return canvas;
    }

    private static Node child(Node parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (name.equals(n.getNodeName())) {
                return n;
            }
        }
        return null;
    }

    private static int attribute(Node node, String name, int fallback) {
        if (node == null || node.getAttributes().getNamedItem(name) == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(node.getAttributes().getNamedItem(name).getNodeValue());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
