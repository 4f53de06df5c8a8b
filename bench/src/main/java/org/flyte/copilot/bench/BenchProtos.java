package org.flyte.copilot.bench;

import com.google.protobuf.Duration;
import com.google.protobuf.TextFormat;
import com.google.protobuf.Timestamp;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Literals.Blob;
import flyteidl.core.Literals.BlobMetadata;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Types.BlobType;
import flyteidl.core.Types.BlobType.BlobDimensionality;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Flyte IDL messages bench.py needs, built with copilot's own generated classes.
 *
 * <pre>
 * inputs &lt;file&gt; [name=single:&lt;uri&gt; | name=multipart:&lt;uri&gt;]...   LiteralMap of blob inputs
 * inputs &lt;file&gt; primitives                                   LiteralMap of the 10 primitives
 * input-interface [name=single | name=multipart | primitives]...   base64 VariableMap
 * output-interface [name=single | name=multipart | primitives]...  base64 TypedInterface (outputs)
 * primitive-files &lt;dir&gt;                                        the 10 primitives as output files
 * dump &lt;file&gt;                                                  one line per literal of a LiteralMap:
 *                                                              name, "blob", uri, dimensionality or
 *                                                              name, "scalar", its text form
 * </pre>
 *
 * Several commands may be given at once, separated by {@code +}, to save JVM starts; {@code serve}
 * reads commands from standard input, one per line with tab-separated arguments, and answers each
 * with its output followed by a line {@code .} (or {@code !<message>} when it failed).
 */
public final class BenchProtos {
  private BenchProtos() {}

  /** The 10 primitives of the footprint figures: name, type, value as a LiteralMap holds it. */
  private static Map<String, Literal> primitives() {
    Map<String, Literal> m = new TreeMap<>();
    m.put("i1", prim(Primitive.newBuilder().setInteger(42)));
    m.put("i2", prim(Primitive.newBuilder().setInteger(-7)));
    m.put("f1", prim(Primitive.newBuilder().setFloatValue(3.5)));
    m.put("f2", prim(Primitive.newBuilder().setFloatValue(0.1)));
    m.put("s1", prim(Primitive.newBuilder().setStringValue("hello")));
    m.put("s2", prim(Primitive.newBuilder().setStringValue("flyte copilot")));
    m.put("b1", prim(Primitive.newBuilder().setBoolean(true)));
    m.put("b2", prim(Primitive.newBuilder().setBoolean(false)));
    m.put("dt", prim(Primitive.newBuilder().setDatetime(Timestamp.newBuilder().setSeconds(1577934245))));
    m.put("dur", prim(Primitive.newBuilder().setDuration(Duration.newBuilder().setSeconds(3723))));
    return m;
  }

  /** The same 10 primitives as the text files a task writes for its outputs. */
  private static final Map<String, String> PRIMITIVE_FILES = Map.of(
      "i1", "42", "i2", "-7", "f1", "3.5", "f2", "0.1", "s1", "hello", "s2", "flyte copilot",
      "b1", "true", "b2", "false", "dt", "2020-01-02T03:04:05Z", "dur", "1h2m3s");

  private static Literal prim(Primitive.Builder p) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(p)).build();
  }

  private static SimpleType simpleTypeOf(Literal l) {
    return switch (l.getScalar().getPrimitive().getValueCase()) {
      case INTEGER -> SimpleType.INTEGER;
      case FLOAT_VALUE -> SimpleType.FLOAT;
      case STRING_VALUE -> SimpleType.STRING;
      case BOOLEAN -> SimpleType.BOOLEAN;
      case DATETIME -> SimpleType.DATETIME;
      case DURATION -> SimpleType.DURATION;
      default -> throw new IllegalStateException("no simple type for " + l);
    };
  }

  private static BlobDimensionality dimensionality(String kind) {
    return switch (kind) {
      case "single" -> BlobDimensionality.SINGLE;
      case "multipart" -> BlobDimensionality.MULTIPART;
      default -> throw new IllegalArgumentException("blob kind must be single or multipart: " + kind);
    };
  }

  private static VariableMap variables(String[] args, int from) {
    VariableMap.Builder vars = VariableMap.newBuilder();
    for (int i = from; i < args.length; i++) {
      if (args[i].equals("primitives")) {
        primitives().forEach((name, lit) -> vars.putVariables(name, Variable.newBuilder()
            .setType(LiteralType.newBuilder().setSimple(simpleTypeOf(lit))).build()));
        continue;
      }
      String[] nameKind = args[i].split("=", 2);
      vars.putVariables(nameKind[0], Variable.newBuilder().setType(LiteralType.newBuilder()
          .setBlob(BlobType.newBuilder().setDimensionality(dimensionality(nameKind[1])))).build());
    }
    return vars.build();
  }

  public static void main(String[] all) throws Exception {
    runAll(all);
  }

  private static void runAll(String[] all) throws Exception {
    int from = 0;
    for (int i = 0; i <= all.length; i++) {
      if (i == all.length || all[i].equals("+")) {
        run(java.util.Arrays.copyOfRange(all, from, i));
        from = i + 1;
      }
    }
  }

  private static void serve() throws Exception {
    java.io.BufferedReader in = new java.io.BufferedReader(
        new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      try {
        runAll(line.split("\t"));
        System.out.println(".");
      } catch (Exception e) {
        System.out.println("!" + String.valueOf(e).replace('\n', ' '));
      }
      System.out.flush();
    }
  }

  private static void run(String[] args) throws Exception {
    switch (args.length == 0 ? "" : args[0]) {
      case "serve" -> serve();
      case "inputs" -> {
        LiteralMap.Builder in = LiteralMap.newBuilder();
        for (int i = 2; i < args.length; i++) {
          if (args[i].equals("primitives")) {
            in.putAllLiterals(primitives());
            continue;
          }
          String[] nameRest = args[i].split("=", 2);
          String[] kindUri = nameRest[1].split(":", 2);
          in.putLiterals(nameRest[0], Literal.newBuilder().setScalar(Scalar.newBuilder().setBlob(Blob.newBuilder()
              .setUri(kindUri[1]).setMetadata(BlobMetadata.newBuilder().setType(BlobType.newBuilder()
                  .setDimensionality(dimensionality(kindUri[0])))))).build());
        }
        Files.write(Path.of(args[1]), in.build().toByteArray());
      }
      case "input-interface" ->
          System.out.println(Base64.getEncoder().encodeToString(variables(args, 1).toByteArray()));
      case "output-interface" -> System.out.println(Base64.getEncoder().encodeToString(
          TypedInterface.newBuilder().setOutputs(variables(args, 1)).build().toByteArray()));
      case "primitive-files" -> {
        for (Map.Entry<String, String> e : PRIMITIVE_FILES.entrySet()) {
          Files.writeString(Path.of(args[1]).resolve(e.getKey()), e.getValue());
        }
      }
      case "dump" -> {
        LiteralMap map = LiteralMap.parseFrom(Files.readAllBytes(Path.of(args[1])));
        new TreeMap<>(map.getLiteralsMap()).forEach((name, lit) -> {
          if (lit.getScalar().hasBlob()) {
            Blob b = lit.getScalar().getBlob();
            System.out.println(name + "\tblob\t" + b.getUri() + "\t" + b.getMetadata().getType().getDimensionality());
          } else {
            System.out.println(name + "\tscalar\t" + TextFormat.shortDebugString(lit));
          }
        });
      }
      default -> {
        System.err.println("usage: BenchProtos inputs|input-interface|output-interface|primitive-files|dump ...");
        System.exit(2);
      }
    }
  }
}
