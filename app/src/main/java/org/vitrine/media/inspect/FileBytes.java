package org.vitrine.media.inspect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/** FileBytes reads small, bounded pieces of a file at given offsets, so header parsers never load whole files. */
final class FileBytes {
    private FileBytes() {
    }

    /** Reads exactly {@code length} bytes at {@code position}, or returns null when the file ends first. */
    static ByteBuffer read(FileChannel channel, long position, int length, ByteOrder order) throws IOException {
        if (position < 0 || length < 0 || position + length > channel.size()) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.allocate(length).order(order);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                return null;
            }
        }
        return buffer.flip();
    }

    static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        return read(channel, position, length, ByteOrder.BIG_ENDIAN);
    }
}
