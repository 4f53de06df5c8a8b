package org.flyte.copilot.core.storage.azure;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobStageBlockOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.MultipartUpload;
import org.flyte.copilot.core.storage.StorageException;

/**
 * A block blob written as staged blocks (Put Block) in any order and on any thread, each with its
 * MD5 for the service to verify, then committed in order with one Put Block List; the blob's size is
 * checked after the commit. Nothing is visible at the reference before the commit; blocks of an
 * upload that is never committed are discarded by the service (after a week), so aborting has
 * nothing to send.
 */
final class AzureBlockUpload implements MultipartUpload {
  private final BlockBlobClient data;
  private final BlockBlobClient meta;
  private final AzureConfig config;
  private final DataReference ref;
  private final long size;
  private final long blockSize;
  private final int blockCount;
  /** Block ids of this upload: a random tag and the block number, all of one length as Azure requires. */
  private final String tag;

  AzureBlockUpload(BlockBlobClient data, BlockBlobClient meta, AzureConfig config, DataReference ref, long size) {
    this.data = data;
    this.meta = meta;
    this.config = config;
    this.ref = ref;
    this.size = size;
    this.blockSize = config.blockSizeFor(size);
    this.blockCount = (int) Math.max(1, (size + blockSize - 1) / blockSize);
    this.tag = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
  }

  @Override
  public long partSize() {
    return blockSize;
  }

  @Override
  public int partCount() {
    return blockCount;
  }

  /** Bytes in block {@code number} (1-based). */
  long blockLength(int number) {
    return Math.min(blockSize, size - (number - 1) * blockSize);
  }

  String blockId(int number) {
    return Base64.getEncoder().encodeToString(String.format("copilot-%s-%06d", tag, number)
        .getBytes(StandardCharsets.US_ASCII));
  }

  /** Reads the block once for its MD5, then sends it with the MD5 for Azure to check. */
  @Override
  public void uploadPart(int number, PartBody body) {
    String op = "write (block " + number + " of " + blockCount + ")";
    long length = blockLength(number);
    byte[] md5 = md5(op, number, body, length);
    try (InputStream in = body.open()) {
      data.stageBlockWithResponse(new BlockBlobStageBlockOptions(blockId(number), BinaryData.fromStream(in, length))
          .setContentMd5(md5), null, Context.NONE);
    } catch (IOException e) {
      throw new StorageException(op, ref, "cannot read the block: " + e.getMessage());
    } catch (RuntimeException e) {
      throw AzureFailures.translate(op, ref, e, config);
    }
  }

  /**
   * Sends block {@code number} from a stream that can be read only once, so without an MD5 (TLS and
   * the committed blob's size still guard it).
   */
  void uploadBlockOnce(int number, InputStream in) {
    String op = "write (block " + number + " of " + blockCount + ")";
    long length = blockLength(number);
    try {
      data.stageBlockWithResponse(new BlockBlobStageBlockOptions(blockId(number), BinaryData.fromStream(in, length)),
          null, Context.NONE);
    } catch (RuntimeException e) {
      throw AzureFailures.translate(op, ref, e, config);
    }
  }

  private byte[] md5(String op, int number, PartBody body, long length) {
    MessageDigest digest = newMd5();
    byte[] buffer = new byte[64 * 1024];
    long read = 0;
    try (InputStream in = body.open()) {
      while (read < length) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, length - read));
        if (n < 0) {
          throw new StorageException(op, ref, "cannot read the block: the file ended at byte "
              + ((number - 1) * blockSize + read) + " (it shrank while being uploaded)");
        }
        digest.update(buffer, 0, n);
        read += n;
      }
    } catch (IOException e) {
      throw new StorageException(op, ref, "cannot read the block: " + e.getMessage());
    }
    return digest.digest();
  }

  static MessageDigest newMd5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no MD5", e);
    }
  }

  /** Commits the blocks in order; committing the same list again (a lost answer) is harmless. */
  @Override
  public void complete() {
    List<String> ids = new ArrayList<>(blockCount);
    for (int i = 1; i <= blockCount; i++) {
      ids.add(blockId(i));
    }
    String op = "write (committing " + blockCount + " blocks)";
    try {
      meta.commitBlockListWithResponse(new BlockBlobCommitBlockListOptions(ids), null, Context.NONE);
    } catch (RuntimeException e) {
      throw AzureFailures.translate(op, ref, e, config);
    }
    BlobProperties p;
    try {
      p = meta.getPropertiesWithResponse(null, null, Context.NONE).getValue();
    } catch (RuntimeException e) {
      throw AzureFailures.translate("write (checking the committed blob)", ref, e, config);
    }
    if (p.getBlobSize() != size) {
      try {
        meta.deleteIfExists();
      } catch (RuntimeException ignored) {
        // the failure below says what matters
      }
      throw new StorageException("write", ref, "the committed blob has " + p.getBlobSize() + " bytes, not "
          + size + "; it was deleted");
    }
  }

  @Override
  public void abort() {
    // Uncommitted blocks cannot be deleted one by one; the service drops them after a week.
  }
}
