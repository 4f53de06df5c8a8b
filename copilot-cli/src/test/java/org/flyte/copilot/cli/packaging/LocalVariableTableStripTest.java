package org.flyte.copilot.cli.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

class LocalVariableTableStripTest {
  @TempDir Path tmp;

  /** Compiled by the test build with -g: it has local variable tables and line numbers. */
  public static final class Sample {
    public static final int THROW_LINE = 34;

    public static String run(String name) {
      String greeting = "hello " + name;
      if (name.isEmpty()) {
        throw new IllegalArgumentException(greeting); // THROW_LINE
      }
      return greeting;
    }
  }

  private static byte[] sampleClass() throws Exception {
    try (InputStream in = Sample.class.getResourceAsStream("LocalVariableTableStripTest$Sample.class")) {
      return in.readAllBytes();
    }
  }

  private static List<String> localVariables(byte[] classFile) {
    List<String> names = new ArrayList<>();
    new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
      @Override
      public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exceptions) {
        return new MethodVisitor(Opcodes.ASM9) {
          @Override
          public void visitLocalVariable(String var, String d, String s, Label start, Label end, int index) {
            names.add(var);
          }
        };
      }
    }, 0);
    return names;
  }

  private static Class<?> define(byte[] classFile) {
    return new ClassLoader(null) {
      Class<?> load() {
        return defineClass(Sample.class.getName(), classFile, 0, classFile.length);
      }
    }.load();
  }

  @Test
  void strippedClass_hasNoLocalVariables_butRunsAndKeepsLineNumbers() throws Exception {
    byte[] original = sampleClass();
    assertThat(localVariables(original)).contains("name", "greeting");

    byte[] stripped = LocalVariableTableStrip.strip(original);

    assertThat(localVariables(stripped)).isEmpty();
    assertThat(stripped.length).isLessThan(original.length);
    assertThat(new String(stripped, StandardCharsets.ISO_8859_1)).doesNotContain("greeting");
    Class<?> c = define(stripped);
    assertThat(c.getMethod("run", String.class).invoke(null, "flyte")).isEqualTo("hello flyte");
    Throwable t = catchThrowable(() -> c.getMethod("run", String.class).invoke(null, ""));
    Throwable cause = ((InvocationTargetException) t).getCause();
    assertThat(cause).isInstanceOf(IllegalArgumentException.class).hasMessage("hello ");
    assertThat(cause.getStackTrace()[0].getLineNumber()).isEqualTo(Sample.THROW_LINE);
    assertThat(cause.getStackTrace()[0].getFileName()).isEqualTo("LocalVariableTableStripTest.java");
  }

  @Test
  void rewrite_stripsClasses_andCopiesOtherEntriesWithTheirOrderAndTimes() throws Exception {
    Path jar = tmp.resolve("in.jar");
    long time = 1_700_000_000_000L;
    byte[] text = "Main-Class: x\n".getBytes(StandardCharsets.UTF_8);
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
      for (String name : List.of("META-INF/MANIFEST.MF", "a/", "a/Sample.class", "a/data.txt")) {
        ZipEntry e = new ZipEntry(name);
        e.setTime(time);
        out.putNextEntry(e);
        out.write(name.endsWith(".class") ? sampleClass() : name.endsWith("/") ? new byte[0] : text);
        out.closeEntry();
      }
    }
    Path result = tmp.resolve("out.jar");

    assertThat(LocalVariableTableStrip.rewrite(jar, result)).isEqualTo(1);

    List<String> names = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(result))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        names.add(e.getName());
        assertThat(e.getTime()).as(e.getName()).isEqualTo(time);
        byte[] bytes = in.readAllBytes();
        if (e.getName().endsWith(".class")) {
          assertThat(localVariables(bytes)).isEmpty();
          assertThat(bytes).isEqualTo(LocalVariableTableStrip.strip(sampleClass()));
        } else if (!e.isDirectory()) {
          assertThat(bytes).isEqualTo(text);
        }
      }
    }
    assertThat(names).containsExactly("META-INF/MANIFEST.MF", "a/", "a/Sample.class", "a/data.txt");
  }
}
