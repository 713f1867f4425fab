package org.vitrine.storage.migrate;

/** MigrationProgress hears how a move advances; the command line draws it as a bar or as plain lines. */
public interface MigrationProgress {

    /** Files and bytes done out of the total the database refers to now (uploads during the move add to it). */
    void advanced(long filesDone, long filesTotal, long bytesDone, long bytesTotal);

    /** Something the person running the move should read (a damaged copy made again, a file missing). */
    void note(String line);

    MigrationProgress NONE = new MigrationProgress() {
        @Override
        public void advanced(long filesDone, long filesTotal, long bytesDone, long bytesTotal) {
        }

        @Override
        public void note(String line) {
        }
    };
}
