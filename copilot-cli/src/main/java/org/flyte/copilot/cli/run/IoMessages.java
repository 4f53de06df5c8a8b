package org.flyte.copilot.cli.run;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Why a file operation failed, in words: the JDK's messages are often just the path. */
public final class IoMessages {
  private IoMessages() {}

  public static String describe(IOException e) {
    String why;
    if (e instanceof NoSuchFileException) {
      why = "no such file or directory";
    } else if (e instanceof AccessDeniedException) {
      why = "permission denied";
    } else if (e instanceof NotDirectoryException) {
      why = "not a directory";
    } else if (e instanceof DirectoryNotEmptyException) {
      why = "directory not empty";
    } else if (e instanceof FileAlreadyExistsException) {
      why = "already exists";
    } else if (e instanceof FileSystemException f && f.getReason() != null) {
      why = f.getReason();
    } else {
      why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    if (e instanceof FileSystemException f && f.getReason() != null && !why.equals(f.getReason())) {
      why += " (" + f.getReason() + ")";
    }
    return why;
  }
}
