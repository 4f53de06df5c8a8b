package org.flyte.copilot.core.storage.s3;

import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthScheme;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;

/**
 * SigV4 with {@code UNSIGNED-PAYLOAD} also over plain HTTP. The SDK's signer insists on hashing
 * every body with SHA-256 when the endpoint is not HTTPS (in-cluster MinIO, s3proxy): one more pass
 * over every byte, and in a 500m container the most expensive thing copilot does. Body integrity
 * comes instead from the CRC32C (or MD5) that {@link S3Checksums} adds and the store verifies. The
 * signer is the SDK's own; it is only shown the request as HTTPS, which does not change what is
 * signed (scheme is not part of a SigV4 canonical request).
 */
final class UnsignedPayloadAuthScheme implements AuthScheme<AwsCredentialsIdentity> {
  private static final String SIGV4 = "aws.auth#sigv4";

  private final HttpSigner<AwsCredentialsIdentity> signer = new Signer(AwsV4HttpSigner.create());

  @Override
  public String schemeId() {
    return SIGV4;
  }

  @Override
  public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
    return providers.identityProvider(AwsCredentialsIdentity.class);
  }

  @Override
  public HttpSigner<AwsCredentialsIdentity> signer() {
    return signer;
  }

  private record Signer(AwsV4HttpSigner delegate) implements HttpSigner<AwsCredentialsIdentity> {
    @Override
    public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
      SdkHttpRequest original = request.request();
      if ("https".equals(original.protocol())) {
        return delegate.sign(request.copy(b -> b.putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)));
      }
      // http's default port 80 becomes https's 443, so that the signed Host header stays "host", not "host:80"
      int port = original.port() == 80 ? 443 : original.port();
      SdkHttpRequest asHttps = original.toBuilder().protocol("https").port(port).build();
      SignedRequest signed = delegate.sign(request.copy(b -> b.request(asHttps)
          .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)));
      SdkHttpRequest back = signed.request().toBuilder().protocol(original.protocol()).port(original.port()).build();
      return signed.copy(b -> b.request(back));
    }

    @Override
    public CompletableFuture<AsyncSignedRequest> signAsync(AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
      return delegate.signAsync(request); // the sync client never signs asynchronously
    }
  }
}
