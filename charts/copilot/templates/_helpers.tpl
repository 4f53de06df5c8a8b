{{/* Chart name, overridable. */}}
{{- define "copilot.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-scoped name prefix. */}}
{{- define "copilot.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "copilot.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "copilot.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "copilot.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "copilot.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The image the pod builder injects. */}}
{{- define "copilot.image" -}}
{{- $repo := required "image.repository is required" .Values.image.repository -}}
{{- printf "%s:%s" $repo (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* The Secret holding the storage section: existing, named, or <fullname>-storage. */}}
{{- define "copilot.storageSecretName" -}}
{{- if .Values.storageSecret.existingSecret }}
{{- .Values.storageSecret.existingSecret }}
{{- else }}
{{- default (printf "%s-storage" (include "copilot.fullname" .)) .Values.storageSecret.name }}
{{- end }}
{{- end }}

{{/* The storage section, checked for the keys copilot cannot start without. */}}
{{- define "copilot.storageYaml" -}}
{{- $s := .Values.storage -}}
{{- $_ := required "storage.type is required (local, s3, minio or stow)" $s.type -}}
{{- if ne $s.type "local" }}
{{- $_ := required "storage.container is required for a bucket store" $s.container -}}
{{- end }}
{{- dict "storage" $s | toYaml }}
{{- end }}
