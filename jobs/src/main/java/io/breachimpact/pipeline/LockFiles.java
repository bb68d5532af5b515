package io.breachimpact.pipeline;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/**
 * The few file operations a lock needs, on the lake's own file system: create a file only if none is
 * there, read it, touch it, move it aside, delete it. On a local disk Hadoop's "create unless it
 * exists" is a check then an open (two runs can both win), so local paths use the operating system's
 * exclusive create and atomic rename; HDFS and ABFS do both atomically through Hadoop.
 */
abstract class LockFiles {
    /** Creates the file with these bytes; false if a file is already there. */
    abstract boolean createExclusive(byte[] content) throws IOException;

    /** The file's bytes and modification time, or empty when there is none. */
    abstract Optional<Stamped> read() throws IOException;

    abstract void touch(long millis) throws IOException;

    /** Moves the file to a sibling with this suffix; false when there was no file to move. */
    abstract boolean moveAside(String suffix) throws IOException;

    abstract void deleteAside(String suffix) throws IOException;

    abstract void delete() throws IOException;

    /** Where the file is, for messages. */
    abstract String where();

    record Stamped(byte[] content, long modifiedMillis) {
    }

    static LockFiles at(String path, Configuration hadoop) throws IOException {
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem(hadoop);
        Path qualified = fs.makeQualified(p);
        if ("file".equals(qualified.toUri().getScheme())) {
            return new Local(java.nio.file.Path.of(qualified.toUri()));
        }
        return new Hadoop(fs, qualified);
    }

    private static final class Local extends LockFiles {
        private final java.nio.file.Path file;

        Local(java.nio.file.Path file) {
            this.file = file;
        }

        @Override
        boolean createExclusive(byte[] content) throws IOException {
            Files.createDirectories(file.getParent());
            // Written beside, then linked into place: a reader never sees a half-written holder.
            java.nio.file.Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
            try {
                Files.write(tmp, content);
                Files.createLink(file, tmp);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException e) {
                // No hard links here: the exclusive create is still atomic, the content follows at once.
                try {
                    Files.write(file, content, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
                    return true;
                } catch (FileAlreadyExistsException exists) {
                    return false;
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        }

        @Override
        Optional<Stamped> read() throws IOException {
            try {
                long modified = Files.getLastModifiedTime(file).toMillis();
                return Optional.of(new Stamped(Files.readAllBytes(file), modified));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        }

        @Override
        void touch(long millis) throws IOException {
            Files.setLastModifiedTime(file, FileTime.fromMillis(millis));
        }

        @Override
        boolean moveAside(String suffix) throws IOException {
            try {
                Files.move(file, file.resolveSibling(file.getFileName() + suffix), StandardCopyOption.ATOMIC_MOVE);
                return true;
            } catch (NoSuchFileException e) {
                return false;
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot move " + file + " atomically", e);
            }
        }

        @Override
        void deleteAside(String suffix) throws IOException {
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
        }

        @Override
        void delete() throws IOException {
            Files.deleteIfExists(file);
        }

        @Override
        String where() {
            return file.toString();
        }
    }

    private static final class Hadoop extends LockFiles {
        private final FileSystem fs;
        private final Path file;

        Hadoop(FileSystem fs, Path file) {
            this.fs = fs;
            this.file = file;
        }

        @Override
        boolean createExclusive(byte[] content) throws IOException {
            fs.mkdirs(file.getParent());
            try (OutputStream out = fs.create(file, false)) {
                out.write(content);
                return true;
            } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
                return false;
            }
        }

        @Override
        Optional<Stamped> read() throws IOException {
            try {
                long modified = fs.getFileStatus(file).getModificationTime();
                try (var in = fs.open(file)) {
                    return Optional.of(new Stamped(in.readAllBytes(), modified));
                }
            } catch (java.io.FileNotFoundException e) {
                return Optional.empty();
            }
        }

        @Override
        void touch(long millis) throws IOException {
            fs.setTimes(file, millis, -1);
        }

        @Override
        boolean moveAside(String suffix) throws IOException {
            return fs.rename(file, new Path(file.getParent(), file.getName() + suffix));
        }

        @Override
        void deleteAside(String suffix) throws IOException {
            fs.delete(new Path(file.getParent(), file.getName() + suffix), false);
        }

        @Override
        void delete() throws IOException {
            fs.delete(file, false);
        }

        @Override
        String where() {
            return file.toString();
        }
    }
}
