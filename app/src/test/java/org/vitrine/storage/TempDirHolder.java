package org.vitrine.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TempDirHolder is a process that claims a temporary folder, leaves a 1 MB upload in it, prints the folder and
 * holds it until its input closes: {@code java ... TempDirHolder DATA_TMP}. Tests kill it with SIGKILL.
 */
public final class TempDirHolder {
    private TempDirHolder() {
    }

    public static void main(String[] args) throws IOException {
        try (var dir = ProcessTempDir.claim(Path.of(args[0]))) {
            Files.write(dir.path().resolve("upload-1.part"), new byte[1024 * 1024]);
            System.out.println(dir.path());
            System.out.flush();
            while (System.in.read() >= 0) {
                // held until the parent closes our input or kills us
            }
        }
    }
}
