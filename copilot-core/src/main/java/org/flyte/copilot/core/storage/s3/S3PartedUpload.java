package org.flyte.copilot.core.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.MultipartUpload;
import org.flyte.copilot.core.storage.StorageException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * An S3 multipart upload whose parts the transfer engine sends, in any order and on its own workers:
 * each part carries its checksum ({@link S3Checksums}) for S3 to verify; completing checks the
 * object's size and deletes an object of the wrong size.
 */
final class S3PartedUpload implements MultipartUpload {
  private final S3Client client;
  private final S3StoreConfig config;
  private final DataReference ref;
  private final long size;
  private final long partSize;
  private final int partCount;
  private final String uploadId;
  private final CompletedPart[] parts;
  /** The complete request went out once: a retry may find the upload already gone (its answer was lost). */
  private volatile boolean completeSent;

  private S3PartedUpload(S3Client client, S3StoreConfig config, DataReference ref, long size, String uploadId) {
    this.client = client;
    this.config = config;
    this.ref = ref;
    this.size = size;
    this.partSize = S3MultipartUpload.partSize(size, config.multipart().partSize());
    this.partCount = (int) Math.max(1, (size + partSize - 1) / partSize);
    this.uploadId = uploadId;
    this.parts = new CompletedPart[partCount];
  }

  static S3PartedUpload start(S3Client client, S3StoreConfig config, DataReference ref, long size) {
    if (size > S3MultipartUpload.MAX_OBJECT_SIZE) {
      throw new StorageException("write", ref, "the object would have " + size + " bytes; S3 objects hold at most 5 TiB");
    }
    try {
      String id = client.createMultipartUpload(c -> {
        c.bucket(ref.container()).key(ref.key());
        if (config.checksum() == S3Checksums.CRC32C) {
          c.checksumAlgorithm(ChecksumAlgorithm.CRC32_C);
        }
      }).uploadId();
      return new S3PartedUpload(client, config, ref, size, id);
    } catch (SdkException e) {
      throw S3Errors.translate("write", ref, e, config);
    }
  }

  @Override
  public long partSize() {
    return partSize;
  }

  @Override
  public int partCount() {
    return partCount;
  }

  @Override
  public void uploadPart(int number, PartBody body) {
    String op = "write (part " + number + " of " + partCount + ")";
    long length = Math.min(partSize, size - (number - 1) * partSize);
    String sum;
    try (InputStream in = body.open()) {
      sum = config.checksum().of(in, length);
    } catch (S3Checksums.ShortSource e) {
      throw new StorageException(op, ref, "cannot read the part: the file ended at byte "
          + ((number - 1) * partSize + e.read) + " (it shrank while being uploaded)");
    } catch (IOException e) {
      throw new StorageException(op, ref, "cannot read the part: " + e.getMessage());
    }
    UploadPartRequest.Builder req = UploadPartRequest.builder()
        .bucket(ref.container()).key(ref.key()).uploadId(uploadId).partNumber(number).contentLength(length);
    if (sum != null) {
      if (config.checksum() == S3Checksums.MD5) {
        req.contentMD5(sum);
      } else {
        req.checksumCRC32C(sum);
      }
    }
    ContentStreamProvider provider = () -> {
      try {
        return body.open();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
    try {
      UploadPartResponse r = client.uploadPart(req.build(),
          RequestBody.fromContentProvider(provider, length, "application/octet-stream"));
      CompletedPart.Builder done = CompletedPart.builder().partNumber(number).eTag(r.eTag());
      if (sum != null && config.checksum() == S3Checksums.CRC32C) {
        done.checksumCRC32C(sum);
      }
      synchronized (parts) {
        parts[number - 1] = done.build();
      }
    } catch (SdkException e) {
      throw S3Errors.translate(op, ref, e, config);
    } catch (UncheckedIOException e) {
      throw new StorageException(op, ref, "cannot read the part: " + e.getCause().getMessage());
    }
  }

  @Override
  public void complete() {
    CompletedPart[] all;
    synchronized (parts) {
      all = parts.clone();
    }
    for (int i = 0; i < all.length; i++) {
      if (all[i] == null) {
        throw new IllegalStateException("part " + (i + 1) + " of " + ref + " was never uploaded");
      }
    }
    boolean retry = completeSent;
    completeSent = true;
    try {
      client.completeMultipartUpload(c -> c.bucket(ref.container()).key(ref.key()).uploadId(uploadId)
          .multipartUpload(m -> m.parts(all)));
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      boolean gone = e.statusCode() == 404 && e.awsErrorDetails() != null
          && "NoSuchUpload".equals(e.awsErrorDetails().errorCode());
      if (!(retry && gone)) {
        throw S3Errors.translate("write (completing the multipart upload)", ref, e, config);
      }
      // completed by the earlier attempt whose answer was lost: the size check below decides
    } catch (SdkException e) {
      throw S3Errors.translate("write (completing the multipart upload)", ref, e, config);
    }
    S3MultipartUpload.verifySize(client, config, "write", ref, size);
  }

  @Override
  public void abort() {
    try {
      client.abortMultipartUpload(a -> a.bucket(ref.container()).key(ref.key()).uploadId(uploadId));
    } catch (SdkException ignored) {
      // best effort: a lifecycle rule removes incomplete uploads
    }
  }
}
