package org.flyte.copilot.core.storage;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Sends every reference to the backend of its URL scheme (docs/compatibility.md, "Store routing", v2): the
 * primary store
 * serves its own scheme and references without one (their container defaults to the configured
 * one); other schemes are dialled lazily, once, through {@code dialer}. Thread-safe.
 */
public final class RoutingStore implements ObjectStore {
  private final ObjectStore primary;
  private final String defaultContainer;
  private final boolean multiContainer;
  private final Function<String, ObjectStore> dialer;
  private final long maxReadMBs;
  private final long maxReadBytes;
  private final Map<String, ObjectStore> others = new ConcurrentHashMap<>();

  /**
   * @param primary the store for the configured scheme and for scheme-less references
   * @param defaultContainer {@code storage.container}; may be empty
   * @param multiContainer whether references may name other containers of the primary scheme
   * @param dialer creates the store for another scheme, or throws a ConfigException naming it
   */
  public RoutingStore(ObjectStore primary, String defaultContainer, boolean multiContainer,
      Function<String, ObjectStore> dialer) {
    this(primary, defaultContainer, multiContainer, dialer, 0);
  }

  /**
   * @param maxReadMBs {@code storage.limits.maxDownloadMBs}: reads of larger objects fail; 0 = no limit
   */
  public RoutingStore(ObjectStore primary, String defaultContainer, boolean multiContainer,
      Function<String, ObjectStore> dialer, long maxReadMBs) {
    this.primary = primary;
    this.defaultContainer = defaultContainer;
    this.multiContainer = multiContainer;
    this.dialer = dialer;
    this.maxReadBytes = maxReadMBs * 1024 * 1024;
    this.maxReadMBs = maxReadMBs;
  }

  /** Flyte's {@code maxDownloadMBs} check, made before any byte is read. */
  private void checkReadLimit(Routed r) {
    // As in Flyte the limit is for object stores; http(s) blobs (often GET-only signed URLs) are not HEADed.
    if (maxReadBytes <= 0 || r.ref.scheme().equals("http") || r.ref.scheme().equals("https")) {
      return;
    }
    r.store.head(r.ref).ifPresent(info -> {
      if (info.size() > maxReadBytes) {
        long mb = (info.size() + 1024 * 1024 - 1) / (1024 * 1024);
        throw new StorageException("read", r.ref, "limit exceeded. " + mb + "mb > " + maxReadMBs
            + "mb. You can increase the limit by setting storage.limits.maxDownloadMBs (0 = unlimited).");
      }
    });
  }

  @Override
  public String scheme() {
    return primary.scheme();
  }

  public ObjectStore primary() {
    return primary;
  }

  /** Checks that the configured primary container exists (nothing to check when none is set). */
  public RoutingStore checkPrimaryContainer() {
    if (!defaultContainer.isEmpty()) {
      primary.checkContainer(defaultContainer);
    }
    return this;
  }

  /**
   * The scheme of the backend serving {@code scheme}: {@code http} is served by the {@code https}
   * backend, {@code abfss} by the {@code abfs} one (both name Azure Blob Storage over TLS).
   */
  public static String canonicalScheme(String scheme) {
    return switch (scheme) {
      case "http" -> "https";
      case "abfss" -> "abfs";
      default -> scheme;
    };
  }

  /** The backend for {@code ref} and the reference as that backend expects it. */
  private Routed route(DataReference ref) {
    String scheme = ref.scheme();
    if (scheme.isEmpty() || canonicalScheme(scheme).equals(canonicalScheme(primary.scheme()))) {
      DataReference r = ref;
      if (scheme.isEmpty()) {
        r = new DataReference(primary.scheme(), ref.container().isEmpty() ? defaultContainer : ref.container(), ref.key());
      }
      if (!multiContainer && !defaultContainer.isEmpty() && !r.container().isEmpty()
          && !r.container().equals(defaultContainer)) {
        throw new StorageException("route", ref, "Conf container:" + defaultContainer + " != Passed Container:"
            + r.container() + ". Dynamic loading is disabled (set storage.enable-multicontainer)");
      }
      return new Routed(primary, r);
    }
    return new Routed(others.computeIfAbsent(canonicalScheme(scheme), s -> dialer.apply(scheme)), ref);
  }

  private record Routed(ObjectStore store, DataReference ref) {}

  @Override
  public Optional<ObjectInfo> head(DataReference ref) {
    Routed r = route(ref);
    return r.store.head(r.ref);
  }

  @Override
  public InputStream read(DataReference ref) {
    Routed r = route(ref);
    checkReadLimit(r);
    return r.store.read(r.ref);
  }

  @Override
  public InputStream readRange(DataReference ref, long offset, long length) {
    Routed r = route(ref);
    checkReadLimit(r);
    return r.store.readRange(r.ref, offset, length);
  }

  @Override
  public InputStream readRange(DataReference ref, long offset, long length, String etag) {
    Routed r = route(ref);
    if (offset == 0) {
      checkReadLimit(r); // every transfer reads its first byte once; later parts need not ask again
    }
    return r.store.readRange(r.ref, offset, length, etag);
  }

  @Override
  public void write(DataReference ref, Path file) {
    Routed r = route(ref);
    r.store.write(r.ref, file);
  }

  @Override
  public boolean downloadsWhole(DataReference ref) {
    Routed r = route(ref);
    return r.store.downloadsWhole(r.ref);
  }

  @Override
  public Optional<MultipartUpload> startMultipart(DataReference ref, long size) {
    Routed r = route(ref);
    return r.store.startMultipart(r.ref, size);
  }

  @Override
  public void write(DataReference ref, InputStream in, long size) {
    Routed r = route(ref);
    r.store.write(r.ref, in, size);
  }

  @Override
  public void readTo(DataReference ref, Path target) {
    Routed r = route(ref);
    checkReadLimit(r);
    r.store.readTo(r.ref, target);
  }

  @Override
  public ListPage listPage(DataReference prefix, String token, int pageSize) {
    Routed r = route(prefix);
    return r.store.listPage(r.ref, token, pageSize);
  }

  @Override
  public void delete(DataReference ref) {
    Routed r = route(ref);
    r.store.delete(r.ref);
  }

  @Override
  public void close() {
    primary.close();
    others.values().forEach(ObjectStore::close);
  }
}
