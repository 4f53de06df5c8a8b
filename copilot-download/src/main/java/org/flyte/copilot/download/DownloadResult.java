package org.flyte.copilot.download;

import java.time.Duration;

/**
 * What a successful download did: the number of input variables, of files written (data files and
 * metadata files), of remote objects copied and their bytes, and how long it took.
 */
public record DownloadResult(int variables, long filesWritten, long objectsCopied, long bytesCopied, Duration elapsed) {}
