package org.flyte.copilot.core.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A storage backend. Every method is thread-safe. Failures are {@link StorageException}s naming the
 * operation and the reference; a missing object is an {@link ObjectNotFoundException}.
 *
 * <p>Listing contract: {@link #listPage} lists every object whose key starts with {@code
 * prefix.keyPrefix()} (the prefix key followed by exactly one slash), recursively, in key order
 * where the backend provides one; a prefix with an empty key lists the whole container.
 */
public interface ObjectStore extends AutoCloseable {

  /** The URL scheme this store serves ({@code s3}, {@code gs}, {@code file}, {@code https}...). */
  String scheme();

  /** Size and integrity tag of the object, or empty when it does not exist. */
  Optional<ObjectInfo> head(DataReference ref);

  /** The object's bytes as a stream the caller closes. */
  InputStream read(DataReference ref);

  /** {@code length} bytes starting at {@code offset} (fewer at the end of the object). */
  InputStream readRange(DataReference ref, long offset, long length);

  /**
   * Like {@link #readRange(DataReference, long, long)}, but only from the version of the object that
   * {@link #head} or a listing reported with {@code etag}: when the object has changed since, it fails
   * with {@link ObjectChangedException}, so parts of one file never come from two versions. An empty
   * tag reads whichever version is there. Backends that cannot pin the version in the request itself
   * compare the tag before reading.
   */
  default InputStream readRange(DataReference ref, long offset, long length, String etag) {
    if (!etag.isEmpty()) {
      ObjectInfo now = head(ref).orElseThrow(() -> new ObjectNotFoundException("read range", ref));
      if (!etag.equals(now.etag())) {
        throw new ObjectChangedException("read range", ref, etag);
      }
    }
    return readRange(ref, offset, length);
  }

  /**
   * True when {@link #readTo} is how this store's objects must be downloaded: it checks a
   * whole-object checksum, and serves some objects differently from how it stores them (GCS
   * decompresses gzip-encoded objects, so ranges and sizes do not apply). The transfer engine then
   * hands it the whole object instead of reading ranges.
   */
  default boolean downloadsWhole(DataReference ref) {
    return false;
  }

  /** Stores the content of {@code file} at {@code ref}, replacing what was there. */
  void write(DataReference ref, Path file);

  /** Stores {@code size} bytes read from {@code in} at {@code ref}, replacing what was there. */
  void write(DataReference ref, InputStream in, long size);

  /**
   * Starts a multipart write of {@code size} bytes at {@code ref} when this store writes objects of
   * that size in parts (empty: write it whole with {@link #write(DataReference, InputStream, long)}).
   */
  default Optional<MultipartUpload> startMultipart(DataReference ref, long size) {
    return Optional.empty();
  }

  /** One page of the recursive listing under {@code prefix}; {@code token} null for the first page. */
  ListPage listPage(DataReference prefix, String token, int pageSize);

  /** Deletes the object; deleting a missing object is not an error. */
  void delete(DataReference ref);

  @Override
  default void close() {}

  /**
   * Fails with a {@link StorageException} naming {@code container} when it does not exist or cannot
   * be reached, so that a bad bucket is reported before any work starts. Backends without
   * containers accept any name.
   */
  default void checkContainer(String container) {}

  /** Writes {@code bytes} at {@code ref}. */
  default void write(DataReference ref, byte[] bytes) {
    write(ref, new java.io.ByteArrayInputStream(bytes), bytes.length);
  }

  /** Reads the whole object; for small objects (metadata files) only. */
  default byte[] readAllBytes(DataReference ref) {
    try (InputStream in = read(ref)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new StorageException("read", ref, e);
    }
  }

  /** Copies the whole object into {@code target}, replacing it. */
  default void readTo(DataReference ref, Path target) {
    try (InputStream in = read(ref)) {
      Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new StorageException("download to " + target, ref, e);
    }
  }

  /** The whole recursive listing under {@code prefix}, fetched lazily page by page. */
  default Stream<ObjectInfo> list(DataReference prefix) {
    Iterator<ObjectInfo> it = new PagedListing(token -> listPage(prefix, token, 1000));
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED), false);
  }

  /** Rejects a negative {@code offset} or {@code length} of a ranged read. */
  static void requireRange(long offset, long length) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset and length must be >= 0, were " + offset + ", " + length);
    }
  }

  /** Rethrows an I/O failure as a storage failure of {@code operation} on {@code ref}. */
  static StorageException wrap(String operation, DataReference ref, IOException e) {
    return new StorageException(operation, ref, new UncheckedIOException(e));
  }
}
