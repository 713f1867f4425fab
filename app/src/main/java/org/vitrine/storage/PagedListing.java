package org.vitrine.storage;

import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * PagedListing turns a cloud SDK's paged iterator of objects into a lazy stream of {@link BlobStore.BlobInfo}:
 * the next page is fetched only when the stream reaches it, and a failure while fetching one surfaces as an
 * {@link UncheckedIOException} around the store's {@link StorageException}.
 */
public final class PagedListing {
    private PagedListing() {
    }

    public static <T> Stream<BlobStore.BlobInfo> of(Iterator<T> objects, Function<T, BlobStore.BlobInfo> info,
                                                    Function<RuntimeException, StorageException> failure) {
        Iterator<BlobStore.BlobInfo> infos = new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return objects.hasNext();
                } catch (RuntimeException e) {
                    throw new UncheckedIOException(failure.apply(e));
                }
            }

            @Override
            public BlobStore.BlobInfo next() {
                return info.apply(objects.next());
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(infos, Spliterator.NONNULL), false);
    }
}
