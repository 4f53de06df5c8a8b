package org.flyte.copilot.core.testing;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ListPage;
import org.flyte.copilot.core.storage.ObjectInfo;
import org.flyte.copilot.core.storage.ObjectStore;

/** A real store with every call forwarded; tests override the calls they want to slow, count or fail. */
public class ForwardingStore implements ObjectStore {
  protected final ObjectStore delegate;

  public ForwardingStore(ObjectStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public String scheme() {
    return delegate.scheme();
  }

  @Override
  public Optional<ObjectInfo> head(DataReference ref) {
    return delegate.head(ref);
  }

  @Override
  public InputStream read(DataReference ref) {
    return delegate.read(ref);
  }

  @Override
  public InputStream readRange(DataReference ref, long offset, long length) {
    return delegate.readRange(ref, offset, length);
  }

  @Override
  public boolean downloadsWhole(DataReference ref) {
    return delegate.downloadsWhole(ref);
  }

  @Override
  public Optional<org.flyte.copilot.core.storage.MultipartUpload> startMultipart(DataReference ref, long size) {
    return delegate.startMultipart(ref, size);
  }

  @Override
  public InputStream readRange(DataReference ref, long offset, long length, String etag) {
    return delegate.readRange(ref, offset, length, etag);
  }

  @Override
  public void readTo(DataReference ref, Path target) {
    delegate.readTo(ref, target);
  }

  @Override
  public void write(DataReference ref, Path file) {
    delegate.write(ref, file);
  }

  @Override
  public void write(DataReference ref, InputStream in, long size) {
    delegate.write(ref, in, size);
  }

  @Override
  public ListPage listPage(DataReference prefix, String token, int pageSize) {
    return delegate.listPage(prefix, token, pageSize);
  }

  @Override
  public void delete(DataReference ref) {
    delegate.delete(ref);
  }

  @Override
  public void checkContainer(String container) {
    delegate.checkContainer(container);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
