/*
 * The image's /bin/flyte-copilot (and /bin/copilot): bin/copilot's JVM start-up, as a small native
 * program so that the image needs no shell. It starts the image's Java runtime with the same flags
 * as bin/copilot (keep the two in step; .ci/image-smoke.sh compares their command lines): serial GC,
 * C1 only, no perf data, small stacks, heap 40 % and metaspace 35 % of the container's memory limit
 * (cgroup v1 or v2), the AOT cache when it was made by this runtime, MALLOC_ARENA_MAX=2.
 *
 * Environment (as bin/copilot's, where the image has a fixed layout under COPILOT_HOME):
 *   COPILOT_JAVA        java executable or Java home (else COPILOT_HOME/jre)
 *   COPILOT_JAR         the runnable jar (else COPILOT_HOME/copilot.jar)
 *   COPILOT_AOT_CACHE   the AOT cache (else copilot.aot next to the jar)
 *   COPILOT_JAVA_OPTS   extra JVM options, split on white space and appended last (so they win)
 *   MALLOC_ARENA_MAX    kept when set, else 2
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef COPILOT_HOME
#define COPILOT_HOME "/opt/copilot"
#endif

#define MAX_OPTS 64
#define PATH_LEN 4096

static const char *opts[MAX_OPTS + 4];
static int nopts;

static void add(const char *opt) {
  if (nopts >= MAX_OPTS) {
    fprintf(stderr, "copilot: too many JVM options\n");
    exit(1);
  }
  opts[nopts++] = opt;
}

static char *format(const char *fmt, long value) {
  char *s;
  if (asprintf(&s, fmt, value) < 0) {
    perror("copilot");
    exit(1);
  }
  return s;
}

static char *join(const char *a, const char *b) {
  char *s;
  if (asprintf(&s, "%s%s", a, b) < 0) {
    perror("copilot");
    exit(1);
  }
  return s;
}

static int is_file(const char *path) {
  return access(path, R_OK) == 0;
}

/* The value of KEY="value" in a Java home's release file into out (empty when absent). */
static void release_value(const char *home, const char *key, char *out, size_t len) {
  char path[PATH_LEN], line[512];
  size_t klen = strlen(key);
  out[0] = '\0';
  snprintf(path, sizeof path, "%s/release", home);
  FILE *f = fopen(path, "r");
  if (f == NULL) return;
  while (fgets(line, sizeof line, f) != NULL) {
    if (strncmp(line, key, klen) == 0 && line[klen] == '=' && line[klen + 1] == '"') {
      char *v = line + klen + 2, *end = strchr(v, '"');
      if (end != NULL) *end = '\0';
      snprintf(out, len, "%s", v);
      break;
    }
  }
  fclose(f);
}

/* The first line of a file, without its line end; empty when unreadable. */
static void first_line(const char *path, char *out, size_t len) {
  out[0] = '\0';
  FILE *f = fopen(path, "r");
  if (f == NULL) return;
  if (fgets(out, (int) len, f) != NULL) out[strcspn(out, "\r\n")] = '\0';
  fclose(f);
}

/* A cgroup memory limit file's value in bytes, or -1 ("max", unreadable, or not below the RAM). */
static long long limit_in(const char *path, long long mem_total_kib) {
  char value[64];
  first_line(path, value, sizeof value);
  if (value[0] == '\0') return -1;
  for (const char *c = value; *c; c++) {
    if (!isdigit((unsigned char) *c)) return -1;
  }
  long long bytes = strtoll(value, NULL, 10);
  return bytes / 1024 < mem_total_kib ? bytes : -1;
}

/* The container's memory limit in MiB (the smallest one found, cgroup v1 or v2), or -1. */
static long container_limit_mib(void) {
  long long mem_total_kib = 0;
  char line[PATH_LEN];
  FILE *meminfo = fopen("/proc/meminfo", "r");
  if (meminfo != NULL) {
    if (fgets(line, sizeof line, meminfo) != NULL) sscanf(line, "%*s %lld", &mem_total_kib);
    fclose(meminfo);
  }
  FILE *cgroup = fopen("/proc/self/cgroup", "r");
  if (cgroup == NULL) return -1;
  long limit = -1;
  while (fgets(line, sizeof line, cgroup) != NULL) {
    line[strcspn(line, "\n")] = '\0';
    char *controllers = strchr(line, ':');
    if (controllers == NULL) continue;
    controllers++;
    char *path = strchr(controllers, ':');
    if (path == NULL) continue;
    *path++ = '\0';
    char own[PATH_LEN], fallback[PATH_LEN];
    char padded[PATH_LEN];
    snprintf(padded, sizeof padded, ",%s,", controllers);
    if (strstr(padded, ",memory,") != NULL) {
      snprintf(own, sizeof own, "/sys/fs/cgroup/memory%s/memory.limit_in_bytes", path);
      snprintf(fallback, sizeof fallback, "/sys/fs/cgroup/memory/memory.limit_in_bytes");
    } else if (controllers[0] == '\0') {
      snprintf(own, sizeof own, "/sys/fs/cgroup%s/memory.max", path);
      snprintf(fallback, sizeof fallback, "/sys/fs/cgroup/memory.max");
    } else {
      continue;
    }
    /* the first readable of the two, as bin/copilot does */
    const char *file = is_file(own) ? own : is_file(fallback) ? fallback : NULL;
    if (file == NULL) continue;
    long long bytes = limit_in(file, mem_total_kib);
    if (bytes < 0) continue;
    long mib = (long) (bytes / 1048576);
    if (limit < 0 || mib < limit) limit = mib;
  }
  fclose(cgroup);
  return limit;
}

int main(int argc, char **argv) {
  const char *jar = getenv("COPILOT_JAR");
  if (jar == NULL || *jar == '\0') jar = COPILOT_HOME "/copilot.jar";
  if (!is_file(jar)) {
    fprintf(stderr, "copilot: %s not found\n", jar);
    return 1;
  }

  const char *java_home, *java;
  const char *setting = getenv("COPILOT_JAVA");
  if (setting == NULL || *setting == '\0') setting = COPILOT_HOME "/jre";
  size_t slen = strlen(setting);
  if (slen > 9 && strcmp(setting + slen - 9, "/bin/java") == 0) {
    java = setting;
    java_home = strndup(setting, slen - 9);
  } else {
    java_home = setting;
    java = join(setting, "/bin/java");
  }
  char version[64], runtime[128];
  release_value(java_home, "JAVA_VERSION", version, sizeof version);
  release_value(java_home, "JAVA_RUNTIME_VERSION", runtime, sizeof runtime);
  long major = strtol(version, NULL, 10);

  add("-XX:+UseSerialGC");
  add("-XX:TieredStopAtLevel=1");
  add("-XX:CICompilerCount=1");
  add("-XX:-UsePerfData");
  add("-Xss512k");
  add("-XX:ReservedCodeCacheSize=24m");
  long limit = container_limit_mib();
  if (limit >= 0) {
    long heap = limit * 40 / 100, metaspace = limit * 35 / 100;
    add(format("-Xmx%ldm", heap < 16 ? 16 : heap));
    add(format("-XX:MaxMetaspaceSize=%ldm", metaspace < 48 ? 48 : metaspace));
  } else {
    add("-Xmx256m");
    add("-XX:MaxMetaspaceSize=128m");
  }
  add("-Xms8m");
  add("-XX:MaxHeapFreeRatio=30");
  add("-XX:MinHeapFreeRatio=10");
  setenv("MALLOC_ARENA_MAX", "2", 0);

  size_t jlen = strlen(jar);
  int dot_jar = jlen > 4 && strcmp(jar + jlen - 4, ".jar") == 0;
  const char *stem = dot_jar ? strndup(jar, jlen - 4) : jar;
  if (major >= 25) {
    add("-Xlog:aot=off,cds=off");
    const char *aot = getenv("COPILOT_AOT_CACHE");
    if (aot == NULL || *aot == '\0') aot = join(stem, ".aot");
    char *aot_jvm = join(aot, ".jvm");
    if (is_file(aot) && is_file(aot_jvm)) {
      char trained_on[128];
      first_line(aot_jvm, trained_on, sizeof trained_on);
      if (strcmp(trained_on, runtime) == 0) {
        add(join("-XX:AOTCache=", aot));
        add("-XX:+UnlockDiagnosticVMOptions");
        add("-XX:ArchiveRelocationMode=0");
      }
    }
  }

  const char *extra = getenv("COPILOT_JAVA_OPTS");
  if (extra != NULL) {
    char *copy = strdup(extra), *save = NULL;
    for (char *word = strtok_r(copy, " \t\n", &save); word != NULL; word = strtok_r(NULL, " \t\n", &save)) add(word);
  }

  char *boot = join(stem, "-boot.jar");
  const char *classpath = dot_jar && is_file(boot) ? join(join(boot, ":"), jar) : jar;

  char **args = calloc((size_t) (nopts + argc + 4), sizeof *args);
  int n = 0;
  args[n++] = (char *) java;
  for (int i = 0; i < nopts; i++) args[n++] = (char *) opts[i];
  args[n++] = "-cp";
  args[n++] = (char *) classpath;
  args[n++] = "org.flyte.copilot.cli.Main";
  for (int i = 1; i < argc; i++) args[n++] = argv[i];
  args[n] = NULL;
  execv(java, args);
  fprintf(stderr, "copilot: cannot start %s: %s\n", java, strerror(errno));
  return 1;
}
