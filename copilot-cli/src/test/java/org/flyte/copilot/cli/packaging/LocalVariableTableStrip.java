package org.flyte.copilot.cli.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The package step after the shade step (run by exec-maven-plugin): drops the LocalVariableTable and
 * LocalVariableTypeTable attributes from every class in the runnable jar. Only debuggers read them;
 * line numbers (stack traces), parameter names (MethodParameters), signatures and annotations stay.
 * They are about a tenth of the jar's class bytes, and the AOT cache would carry them for every class
 * it holds. Entries keep their order and time stamps; they are deflated at the highest level (the
 * shade step uses the default one), which saves another 1 %.
 *
 * <p>Arguments: {@code <jar>}, rewritten in place.
 */
public final class LocalVariableTableStrip {
  private LocalVariableTableStrip() {}

  public static void main(String[] args) throws IOException {
    Path jar = Path.of(args[0]);
    long before = Files.size(jar);
    Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
    int classes = rewrite(jar, tmp);
    Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
    System.out.printf(Locale.ROOT, "copilot: local variable tables dropped from %d classes of %s: %.1f MB -> %.1f MB%n",
        classes, jar.getFileName(), before / 1e6, Files.size(jar) / 1e6);
  }

  /** Copies {@code from} to {@code to} with the tables dropped; returns the number of classes rewritten. */
  static int rewrite(Path from, Path to) throws IOException {
    int classes = 0;
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(from));
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
      out.setLevel(Deflater.BEST_COMPRESSION);
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        byte[] bytes = in.readAllBytes();
        if (e.getName().endsWith(".class") && !e.getName().endsWith("module-info.class")) {
          bytes = strip(bytes);
          classes++;
        }
        ZipEntry copy = new ZipEntry(e.getName());
        copy.setTime(e.getTime());
        copy.setMethod(ZipEntry.DEFLATED);
        out.putNextEntry(copy);
        out.write(bytes);
        out.closeEntry();
      }
    }
    return classes;
  }

  /** One class without its local variable tables; the constant pool is rebuilt, so their names go too. */
  static byte[] strip(byte[] classFile) {
    ClassWriter writer = new ClassWriter(0);
    new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9, writer) {
      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
          @Override
          public void visitLocalVariable(String var, String desc, String sig, Label start, Label end, int index) {
            // dropped: LocalVariableTable and LocalVariableTypeTable entries
          }
        };
      }
    }, 0);
    return writer.toByteArray();
  }
}
