package org.flyte.copilot.core.storage.gcs;

import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage.BlobTargetOption;
import com.google.cloud.storage.Storage.BlobWriteOption;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.storage.StorageException;

/**
 * The upload side of {@link GcsStore}: one multipart request for small objects, resumable uploads
 * for the rest, each checked against the CRC32C GCS reports for what it stored. Thread-safe.
 */
final class GcsUploads {
  private static final int FILE_BUFFER = 2 * 1024 * 1024;
  /** The HTTP client would gzip multipart bodies: CPU spent on mostly incompressible data. */
  private static final BlobTargetOption NO_GZIP = BlobTargetOption.disableGzipContent();

  private final GcsStore store;
  private final GcsConfig config;

  GcsUploads(GcsStore store, GcsConfig config) {
    this.store = store;
    this.config = config;
  }

  /** Uploads {@code file}: one request when small, else one resumable session with one streamed PUT. */
  void write(DataReference ref, BlobId id, Path file) {
    String op = "write from " + file;
    long size;
    int crc;
    try {
      size = Files.size(file);
      crc = Crc32cs.of(file);
    } catch (IOException e) {
      throw ObjectStore.wrap(op, ref, e);
    }
    if (size == 0) {
      writeChunked(op, ref, id, InputStream.nullInputStream(), 0);
      return;
    }
    Blob result;
    try {
      if (size <= config.singleRequestMax()) {
        result = store.storage().create(BlobInfo.newBuilder(id).build(), Files.readAllBytes(file), NO_GZIP);
      } else {
        // One resumable session: a single streamed PUT that the client resumes from the offset GCS
        // persisted when a request fails; GCS checks the whole object against the declared CRC32C.
        BlobInfo info = BlobInfo.newBuilder(id).setCrc32c(Crc32cs.toBase64(crc)).build();
        result = store.storage().createFrom(info, file, FILE_BUFFER, BlobWriteOption.crc32cMatch());
      }
    } catch (IOException | RuntimeException e) {
      throw GcsFailures.translate(op, ref, e, config);
    }
    verifyUpload(op, ref, result, size, crc);
  }

  /** Uploads {@code size} bytes (-1: unknown) from {@code in}: one request when small, else chunked. */
  void write(DataReference ref, BlobId id, InputStream in, long size) {
    String op = "write";
    // Empty objects go as (empty) resumable uploads too: emulators reject an empty multipart body.
    if (size > 0 && size <= config.singleRequestMax()) {
      byte[] bytes;
      try {
        bytes = in.readNBytes((int) size);
        if (bytes.length != size || in.read() >= 0) {
          throw new StorageException(op, ref, "expected " + size + " bytes but the source had "
              + (bytes.length != size ? bytes.length : "more"));
        }
      } catch (IOException e) {
        throw ObjectStore.wrap(op, ref, e);
      }
      Blob result;
      try {
        result = store.storage().create(BlobInfo.newBuilder(id).build(), bytes, NO_GZIP);
      } catch (RuntimeException e) {
        throw GcsFailures.translate(op, ref, e, config);
      }
      verifyUpload(op, ref, result, size, Crc32cs.of(bytes));
      return;
    }
    writeChunked(op, ref, id, in, size);
  }

  /**
   * A resumable upload fed from a stream, {@code uploadChunkSize} bytes per request. On any failure
   * the session is abandoned, not finalised, so no partial object ever appears.
   */
  private void writeChunked(String op, DataReference ref, BlobId id, InputStream in, long size) {
    WriteChannel channel;
    try {
      channel = store.storage().writer(BlobInfo.newBuilder(id).build());
    } catch (RuntimeException e) {
      throw GcsFailures.translate(op, ref, e, config);
    }
    channel.setChunkSize(config.uploadChunkSize());
    CRC32C crc = new CRC32C();
    long sent = 0;
    byte[] buf = new byte[256 * 1024];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        crc.update(buf, 0, n);
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
        while (bb.hasRemaining()) {
          channel.write(bb);
        }
        sent += n;
        if (size >= 0 && sent > size) {
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      throw GcsFailures.translate(op, ref, e, config);
    }
    if (size >= 0 && sent != size) {
      throw new StorageException(op, ref, "expected " + size + " bytes but the source had "
          + (sent > size ? "more" : sent) + "; nothing was written");
    }
    try {
      channel.close();
    } catch (IOException | RuntimeException e) {
      throw GcsFailures.translate(op, ref, e, config);
    }
    // The channel does not hand back the stored object; its metadata shows what GCS kept.
    verifyUpload(op, ref, store.metadata(op, ref), sent, (int) crc.getValue());
  }

  /** Checks what GCS stored against what was sent: length and CRC32C (when GCS reports one). */
  private void verifyUpload(String op, DataReference ref, BlobInfo result, long size, int crc) {
    if (result == null) {
      throw new StorageException(op, ref, "GCS did not return the stored object");
    }
    if (result.getSize() != null && result.getSize() != size) {
      throw new StorageException(op, ref, "GCS stored " + result.getSize() + " bytes, " + size + " were sent");
    }
    Integer stored = Crc32cs.fromBase64(result.getCrc32c());
    if (stored != null && stored != crc) {
      throw new StorageException(op, ref, "CRC32C mismatch after upload: sent " + Crc32cs.toBase64(crc)
          + ", GCS stored " + result.getCrc32c());
    }
  }
}
