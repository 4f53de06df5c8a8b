package org.flyte.copilot.cli;

/**
 * Flyte's storage section as {@code --storage.*} flags, which every sub-command inherits
 * (docs/compatibility.md). A flag left unset stays null so that the environment and config files can
 * supply the value.
 */
public final class StorageOptions {
  final ConfigFlags flags = new ConfigFlags()
      .value("storage.type", "<type>", "Storage type: local (default), s3, minio or stow.")
      .value("storage.container", "<bucket>", "Primary container (bucket) for references without a scheme.")
      .bool("storage.enable-multicontainer", "Allow references to containers other than --storage.container.")
      .value("storage.stow.kind", "<kind>", "Backend kind: s3, google or local.")
      .repeatable("storage.stow.config", "<key=value>",
          "Backend setting, repeatable (region, endpoint, auth_type, access_key_id, ..., path). "
              + "Prefer a --config file for secrets: flags are visible in the pod spec.")
      .value("storage.limits.maxDownloadMBs", "<MB>",
          "Largest object a read may fetch, in MB; 0 = unlimited (the default).")
      .value("storage.defaultHttpClient.timeout", "<duration>",
          "Timeout of HTTP(S) blob reads, Go duration syntax; 0 = none.")
      .value("storage.connection.endpoint", "<url>", "Flyte 1 legacy S3 endpoint.")
      .value("storage.connection.auth-type", "<iam|accesskey>", "Flyte 1 legacy S3 auth type.")
      .value("storage.connection.access-key", "<id>", "Flyte 1 legacy S3 access key id.")
      .value("storage.connection.secret-key", "<secret>",
          "Flyte 1 legacy S3 secret key (avoid: visible in the pod spec).")
      .value("storage.connection.region", "<region>", "Flyte 1 legacy S3 region.")
      .bool("storage.connection.disable-ssl", "Flyte 1 legacy: plain HTTP to the endpoint.");
}
