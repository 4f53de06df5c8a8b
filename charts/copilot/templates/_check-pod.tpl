{{/*
The helm test pod: `copilot check` with the Secret mounted as the pod builder mounts it
(a named template so that the chart's tests can render it; helm template leaves hooks out).
*/}}
{{- define "copilot.checkPod" -}}
apiVersion: v1
kind: Pod
metadata:
  name: {{ include "copilot.fullname" . }}-check
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "copilot.labels" . | nindent 4 }}
  annotations:
    helm.sh/hook: test
    helm.sh/hook-delete-policy: before-hook-creation
spec:
  restartPolicy: Never
  {{- with .Values.test.serviceAccountName }}
  serviceAccountName: {{ . }}
  {{- end }}
  securityContext:
    runAsNonRoot: true
    runAsUser: 65532
    runAsGroup: 65532
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: copilot-check
      image: {{ include "copilot.image" . | quote }}
      imagePullPolicy: {{ .Values.image.pullPolicy }}
      workingDir: /
      command:
        - /bin/flyte-copilot
        - --config
        - /etc/flyte/copilot/*.yaml
        - check
        - --timeout
        - {{ .Values.test.timeout | quote }}
        {{- with .Values.test.prefix }}
        - --prefix
        - {{ . | quote }}
        {{- end }}
      resources:
        limits:
          cpu: {{ .Values.copilot.resources.cpu | quote }}
          memory: {{ .Values.copilot.resources.memory | quote }}
        requests:
          cpu: {{ .Values.copilot.resources.cpu | quote }}
          memory: {{ .Values.copilot.resources.memory | quote }}
      securityContext:
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        capabilities:
          drop: ["ALL"]
      volumeMounts:
        - name: flyte-copilot-storage-config
          mountPath: /etc/flyte/copilot
          readOnly: true
        - name: tmp
          mountPath: /tmp
  volumes:
    - name: flyte-copilot-storage-config
      projected:
        defaultMode: 0444
        sources:
          - secret:
              name: {{ include "copilot.storageSecretName" . }}
    - name: tmp
      emptyDir:
        sizeLimit: 64Mi
{{- end }}
