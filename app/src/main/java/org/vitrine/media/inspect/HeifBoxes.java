package org.vitrine.media.inspect;

import org.vitrine.media.Orientations;
import org.vitrine.media.PixelSize;
import org.vitrine.media.RejectedImageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * HeifBoxes reads what HEIC and AVIF files state about their primary image: the ispe size and the irot/imir
 * transforms associated with it through ipma. metadata-extractor reads these boxes without the item
 * association, so it may report a thumbnail's size or another item's rotation.
 */
final class HeifBoxes {
    /** The meta box is a few KB in real files; a bound keeps a crafted file from costing memory. */
    private static final int MAX_META_BYTES = 4 * 1024 * 1024;

    /** The primary image's stored size and its container orientation in EXIF numbering. */
    record Primary(PixelSize size, int orientation) {
    }

    private HeifBoxes() {
    }

    static Primary read(Path file) throws IOException, RejectedImageException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer meta = null;
            long position = 0;
            long fileSize = channel.size();
            while (position < fileSize) {
                ByteBuffer header = FileBytes.read(channel, position, 16);
                if (header == null) {
                    header = FileBytes.read(channel, position, 8);
                }
                if (header == null) {
                    throw new RejectedImageException(JpegStructure.INCOMPLETE);
                }
                long size = Integer.toUnsignedLong(header.getInt(0));
                int headerLength = 8;
                if (size == 1 && header.capacity() >= 16) {
                    size = header.getLong(8);
                    headerLength = 16;
                } else if (size == 0) {
                    size = fileSize - position;
                }
                if (size < headerLength || position + size > fileSize) {
                    throw new RejectedImageException(JpegStructure.INCOMPLETE);
                }
                if (header.getInt(4) == type("meta") && meta == null) {
                    if (size > MAX_META_BYTES) {
                        throw new RejectedImageException("the image file is damaged (oversized HEIF header)");
                    }
                    meta = FileBytes.read(channel, position + headerLength, (int) (size - headerLength));
                }
                position += size;
            }
            if (meta == null) {
                throw new RejectedImageException("the HEIF file is damaged (no meta box)");
            }
            return primary(meta);
        } catch (IndexOutOfBoundsException | java.nio.BufferUnderflowException e) {
            throw new RejectedImageException("the HEIF file is damaged (malformed header boxes)");
        }
    }

    private static Primary primary(ByteBuffer meta) throws RejectedImageException {
        long primaryItem = -1;
        List<ByteBuffer> properties = new ArrayList<>();
        List<ByteBuffer> associations = new ArrayList<>();
        // meta is a full box: 4 bytes of version and flags before its children.
        for (Box box : children(meta, 4)) {
            if (box.type == type("pitm")) {
                int version = box.body.get(0) & 0xFF;
                primaryItem = version == 0 ? box.body.getShort(4) & 0xFFFF : Integer.toUnsignedLong(box.body.getInt(4));
            } else if (box.type == type("iprp")) {
                for (Box child : children(box.body, 0)) {
                    if (child.type == type("ipco")) {
                        children(child.body, 0).forEach(p -> properties.add(tagged(p)));
                    } else if (child.type == type("ipma")) {
                        associations.add(child.body);
                    }
                }
            }
        }
        if (primaryItem < 0) {
            throw new RejectedImageException("the HEIF file is damaged (no primary image)");
        }
        PixelSize size = null;
        int orientation = 1;
        for (int index : associated(associations, primaryItem)) {
            if (index < 1 || index > properties.size()) {
                continue;
            }
            ByteBuffer property = properties.get(index - 1);
            int propertyType = property.getInt(0);
            if (propertyType == type("ispe")) {
                size = new PixelSize(Integer.toUnsignedLong(property.getInt(8)), Integer.toUnsignedLong(property.getInt(12)));
            } else if (propertyType == type("irot")) {
                orientation = Orientations.then(orientation, Orientations.fromIrot(property.get(4)));
            } else if (propertyType == type("imir")) {
                orientation = Orientations.then(orientation, Orientations.fromImir(property.get(4)));
            }
        }
        if (size == null || size.width() == 0 || size.height() == 0) {
            throw new RejectedImageException("the HEIF file does not state its pixel size");
        }
        return new Primary(size, orientation);
    }

    /** Property indices (1-based, in ipco order) associated with the item, in the order they apply. */
    private static List<Integer> associated(List<ByteBuffer> ipmaBoxes, long item) {
        List<Integer> indices = new ArrayList<>();
        for (ByteBuffer ipma : ipmaBoxes) {
            int version = ipma.get(0) & 0xFF;
            boolean wideIndices = (ipma.get(3) & 1) != 0;
            int at = 4;
            long entries = Integer.toUnsignedLong(ipma.getInt(at));
            at += 4;
            for (long e = 0; e < entries; e++) {
                long id;
                if (version < 1) {
                    id = ipma.getShort(at) & 0xFFFF;
                    at += 2;
                } else {
                    id = Integer.toUnsignedLong(ipma.getInt(at));
                    at += 4;
                }
                int count = ipma.get(at++) & 0xFF;
                for (int a = 0; a < count; a++) {
                    int index;
                    if (wideIndices) {
                        index = ipma.getShort(at) & 0x7FFF;
                        at += 2;
                    } else {
                        index = ipma.get(at) & 0x7F;
                        at += 1;
                    }
                    if (id == item) {
                        indices.add(index);
                    }
                }
            }
        }
        return indices;
    }

    /** A property's bytes with its four-character type in front, so callers can switch on it. */
    private static ByteBuffer tagged(Box box) {
        ByteBuffer b = ByteBuffer.allocate(4 + box.body.remaining());
        b.putInt(box.type).put(box.body.duplicate()).flip();
        return b;
    }

    private record Box(int type, ByteBuffer body) {
    }

    private static List<Box> children(ByteBuffer parent, int offset) {
        List<Box> boxes = new ArrayList<>();
        int at = offset;
        int end = parent.limit();
        while (at + 8 <= end) {
            long size = Integer.toUnsignedLong(parent.getInt(at));
            int headerLength = 8;
            if (size == 1) {
                size = parent.getLong(at + 8);
                headerLength = 16;
            } else if (size == 0) {
                size = end - at;
            }
            if (size < headerLength || at + size > end) {
                break;
            }
            ByteBuffer body = parent.slice(at + headerLength, (int) size - headerLength);
            boxes.add(new Box(parent.getInt(at + 4), body));
            at += (int) size;
        }
        return boxes;
    }

    private static int type(String fourCc) {
        return (fourCc.charAt(0) << 24) | (fourCc.charAt(1) << 16) | (fourCc.charAt(2) << 8) | fourCc.charAt(3);
    }
}
