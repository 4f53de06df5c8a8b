package org.flyte.copilot.upload.transfer;

import flyteidl.core.Literals.LiteralMap;

/**
 * A finished upload: where {@code outputs.pb} was written, what it holds, how many files were
 * uploaded after the exit and how many had already been uploaded eagerly.
 */
public record UploadResult(String outputsReference, LiteralMap outputs, int filesUploaded, int filesAlreadyUploaded) {}
