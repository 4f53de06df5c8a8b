package org.flyte.copilot.core.storage.azure;

import com.azure.core.http.rest.PagedResponse;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flyte.copilot.core.config.StowConfig;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ListPage;
import org.flyte.copilot.core.storage.MultipartUpload;
import org.flyte.copilot.core.storage.ObjectInfo;
import org.flyte.copilot.core.storage.ObjectNotFoundException;
import org.flyte.copilot.core.storage.LazyClient;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.storage.PinnedRangeStore;
import org.flyte.copilot.core.storage.TempFiles;
import org.flyte.copilot.core.storage.StorageException;
import org.flyte.copilot.core.transfer.CountingFileInputStream;

/**
 * Azure Blob Storage ({@code abfs://container@account.dfs.core.windows.net/key}, also {@code abfss://}),
 * through the Blob API of one storage account. Objects below {@code block_threshold} are one Put Blob
 * with their MD5; larger ones are staged blocks with an MD5 each ({@link AzureBlockUpload}), which
 * the transfer engine sends in parallel. Reads are streamed ranged Get Blobs, pinned with {@code
 * If-Match} to the ETag seen first. The SDK clients are built on first use. Thread-safe.
 */
public final class AzureStore implements PinnedRangeStore {
  private final AzureConfig config;
  private final LazyClient<AzureClients.Pair> clients;

  public AzureStore(AzureConfig config) {
    this.config = config;
    this.clients = new LazyClient<>(() -> AzureClients.build(config));
  }

  /** Opens the backend for {@code stow} ({@code storage.stow} or {@code storage.schemes.abfs}). */
  public static AzureStore open(StowConfig stow, String keyForErrors) {
    return new AzureStore(AzureConfig.forStore(stow, keyForErrors, System.getenv()));
  }

  public AzureConfig config() {
    return config;
  }

  @Override
  public String scheme() {
    return "abfs";
  }

  private BlobContainerClient container(String op, DataReference ref, boolean data) {
    if (ref.container().isEmpty()) {
      throw new StorageException(op, ref, "no container in the reference (expected "
          + "abfs://container@account.dfs.core.windows.net/key)");
    }
    return (data ? clients.get().data() : clients.get().meta()).getBlobContainerClient(ref.container());
  }

  private BlockBlobClient blob(String op, DataReference ref, boolean data) {
    if (ref.key().isEmpty()) {
      throw new StorageException(op, ref, "the reference names a container, not a blob");
    }
    return container(op, ref, data).getBlobClient(ref.key()).getBlockBlobClient();
  }

  @Override
  public Optional<ObjectInfo> head(DataReference ref) {
    BlockBlobClient b = blob("head", ref, false);
    try {
      BlobProperties p = b.getPropertiesWithResponse(null, null, Context.NONE).getValue();
      return Optional.of(new ObjectInfo(ref, p.getBlobSize(), unquote(p.getETag())));
    } catch (RuntimeException e) {
      RuntimeException t = AzureFailures.translate("head", ref, e, config);
      if (t instanceof ObjectNotFoundException && !AzureFailures.isStatus(e, 404, "ContainerNotFound")) {
        return Optional.empty();
      }
      throw t;
    }
  }

  @Override
  public InputStream read(DataReference ref) {
    return AzureReads.open("read", ref, blob("read", ref, true), 0, -1, "", config);
  }

  @Override
  public InputStream readRange(DataReference ref, long offset, long length, String etag) {
    ObjectStore.requireRange(offset, length);
    BlockBlobClient b = blob("read range", ref, true);
    if (length == 0) {
      return InputStream.nullInputStream();
    }
    return AzureReads.open("read range", ref, b, offset, length, etag, config);
  }

  @Override
  public void write(DataReference ref, Path file) {
    String op = "write from " + file;
    if (!Files.isRegularFile(file)) {
      throw new StorageException(op, ref, "the source file does not exist or is not a regular file");
    }
    try (CountingFileInputStream in = CountingFileInputStream.open(file, n -> {})) {
      write(op, ref, in, in.size());
    } catch (IOException e) {
      throw ObjectStore.wrap(op, ref, e);
    }
  }

  @Override
  public void write(DataReference ref, InputStream in, long size) {
    if (size < 0) {
      writeUnknownSize(ref, in);
      return;
    }
    write("write", ref, in, size);
  }

  private void write(String op, DataReference ref, InputStream in, long size) {
    BlockBlobClient b = blob(op, ref, true);
    if (size >= config.blockThreshold()) {
      new AzureParallelUpload(newBlockUpload(ref, size), config.uploadConcurrency(), op, ref).run(in);
      return;
    }
    byte[] md5 = md5Ahead(op, ref, in, size);
    try {
      b.uploadWithResponse(new BlockBlobSimpleUploadOptions(BinaryData.fromStream(in, size)).setContentMd5(md5),
          null, Context.NONE);
    } catch (RuntimeException e) {
      throw AzureFailures.translate(op, ref, e, config);
    }
  }

  /**
   * The MD5 of the next {@code size} bytes of {@code in}, read without consuming them (a file through
   * a second range, another stream through mark/reset); null when neither is possible.
   */
  private static byte[] md5Ahead(String op, DataReference ref, InputStream in, long size) {
    try {
      if (in instanceof CountingFileInputStream file && file.supportsRanges()) {
        try (InputStream range = file.range(file.position(), size, false)) {
          return digest(range, size);
        }
      }
      if (in.markSupported() && size < Integer.MAX_VALUE) {
        in.mark((int) size + 1);
        byte[] sum = digest(in, size);
        in.reset();
        return sum;
      }
      return null;
    } catch (IOException e) {
      throw ObjectStore.wrap(op, ref, e);
    }
  }

  /** The MD5 of the next {@code size} bytes of {@code in} (of fewer if it ends first). */
  private static byte[] digest(InputStream in, long size) throws IOException {
    java.security.MessageDigest md = AzureBlockUpload.newMd5();
    byte[] buffer = new byte[64 * 1024];
    long left = size;
    for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; left -= n) {
      md.update(buffer, 0, n);
    }
    return md.digest();
  }

  private void writeUnknownSize(DataReference ref, InputStream in) {
    Path tmp = null;
    try {
      tmp = Files.createTempFile("copilot-azure-", ".part");
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      write(ref, tmp);
    } catch (IOException e) {
      throw ObjectStore.wrap("write", ref, e);
    } finally {
      TempFiles.deleteQuietly(tmp);
    }
  }

  AzureBlockUpload newBlockUpload(DataReference ref, long size) {
    return new AzureBlockUpload(blob("write", ref, true), blob("write", ref, false), config, ref, size);
  }

  /** From {@code block_threshold} bytes on, staged blocks that the caller sends. */
  @Override
  public Optional<MultipartUpload> startMultipart(DataReference ref, long size) {
    if (size < config.blockThreshold()) {
      return Optional.empty();
    }
    if (size > (long) AzureConfig.MAX_BLOCKS * AzureConfig.MAX_BLOCK_SIZE) {
      throw new StorageException("write", ref, "the blob would have " + size + " bytes; more than a block blob holds");
    }
    return Optional.of(newBlockUpload(ref, size));
  }

  @Override
  public ListPage listPage(DataReference prefix, String token, int pageSize) {
    BlobContainerClient c = container("list", prefix, false);
    ListBlobsOptions options = new ListBlobsOptions().setPrefix(prefix.keyPrefix())
        .setMaxResultsPerPage(Math.max(1, Math.min(pageSize, 5000)))
        // directories of accounts with a hierarchical namespace are listed as empty blobs marked hdi_isfolder
        .setDetails(new BlobListDetails().setRetrieveMetadata(true));
    PagedResponse<BlobItem> page;
    try {
      page = c.listBlobs(options, null).iterableByPage(token).iterator().next();
    } catch (RuntimeException e) {
      throw AzureFailures.translate("list", prefix, e, config);
    }
    List<ObjectInfo> infos = new ArrayList<>(page.getValue().size());
    String scheme = prefix.scheme().isEmpty() ? scheme() : prefix.scheme();
    for (BlobItem item : page.getValue()) {
      if (Boolean.TRUE.equals(item.isPrefix()) || item.getName().endsWith("/") || isFolder(item)) {
        continue;
      }
      long size = item.getProperties() == null || item.getProperties().getContentLength() == null ? 0
          : item.getProperties().getContentLength();
      String etag = item.getProperties() == null ? "" : unquote(item.getProperties().getETag());
      infos.add(new ObjectInfo(new DataReference(scheme, prefix.container(), item.getName()), size, etag));
    }
    String next = page.getContinuationToken();
    return new ListPage(infos, next == null || next.isEmpty() ? null : next);
  }

  private static boolean isFolder(BlobItem item) {
    return item.getMetadata() != null && "true".equalsIgnoreCase(item.getMetadata().get("hdi_isfolder"));
  }

  @Override
  public void delete(DataReference ref) {
    BlockBlobClient b = blob("delete", ref, false);
    try {
      b.deleteWithResponse(null, null, null, Context.NONE);
    } catch (RuntimeException e) {
      if (AzureFailures.isStatus(e, 404, "BlobNotFound")) {
        return;
      }
      throw AzureFailures.translate("delete", ref, e, config);
    }
  }

  /**
   * Lists at most one blob: a missing container or refused credentials fail now. A role without the
   * right to list (403 AuthorizationPermissionMismatch) is accepted: it may still read and write blobs.
   */
  @Override
  public void checkContainer(String name) {
    DataReference ref = new DataReference(scheme(), name, "");
    try {
      container("open container", ref, false).listBlobs(new ListBlobsOptions().setMaxResultsPerPage(1), null)
          .iterableByPage(1).iterator().next();
    } catch (RuntimeException e) {
      if (AzureFailures.isStatus(e, 403, "AuthorizationPermissionMismatch")) {
        return;
      }
      throw AzureFailures.translate("open container", ref, e, config);
    }
  }

  private static String unquote(String etag) {
    if (etag == null) {
      return "";
    }
    return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
        ? etag.substring(1, etag.length() - 1) : etag;
  }

  @Override
  public String toString() {
    return "AzureStore[" + config + "]";
  }
}
