package org.flyte.copilot.cli.pod;

/**
 * What the pod builder takes from the orchestrator's configuration and the execution, besides the task.
 *
 * @param copilotImage {@code co-pilot.image}
 * @param inputs the execution's {@code inputs.pb}
 * @param outputPrefix where {@code outputs.pb} and the error document go
 * @param rawOutput the prefix for blob outputs
 * @param storageType {@code --storage.type} passed to copilot
 * @param storageContainer {@code --storage.container}, empty to leave it out
 * @param multicontainer whether {@code --storage.enable-multicontainer} is passed
 * @param loggerLevel the orchestrator's logger level
 * @param storageSecret {@code co-pilot.storage-config-secret-name}: the Secret holding the storage config
 * @param timeoutNanos {@code co-pilot.timeout}: the uploader's deadline and the grace period
 * @param cpu {@code co-pilot.cpu}, requests and limits of both copilot containers
 * @param memory {@code co-pilot.memory}
 * @param podName the pod's name and its main container's
 */
public record PodSettings(
    String copilotImage,
    String inputs,
    String outputPrefix,
    String rawOutput,
    String storageType,
    String storageContainer,
    boolean multicontainer,
    int loggerLevel,
    String storageSecret,
    long timeoutNanos,
    String cpu,
    String memory,
    String podName) {

  /** {@code co-pilot.*} defaults of Flyte 2 (docs/compatibility.md, "Pod contract"). */
  public static final String DEFAULT_IMAGE = "cr.flyte.org/flyteorg/flyte-binary-v2:latest";
  public static final String NAME_PREFIX = "flyte-copilot-";
  public static final String INPUT_VOLUME = "flyte-inputs";
  public static final String OUTPUT_VOLUME = "flyte-outputs";
  public static final String CONFIG_VOLUME = "flyte-copilot-storage-config";
  public static final String CONFIG_MOUNT = "/etc/flyte/copilot";
  public static final String EXECUTABLE = "/bin/flyte-copilot";
}
