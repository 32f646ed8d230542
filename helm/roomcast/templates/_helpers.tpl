{{- define "roomcast.name" -}}{{ .Chart.Name }}{{- end -}}

{{- define "roomcast.fullname" -}}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}{{- end -}}

{{- define "roomcast.labels" -}}
app.kubernetes.io/name: {{ include "roomcast.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "roomcast.selectorLabels" -}}
app.kubernetes.io/name: {{ include "roomcast.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Whether instances share rooms through Redis: any Redis source configured. */}}
{{- define "roomcast.redisEnabled" -}}
{{- if or .Values.redis.url .Values.redis.existingSecret .Values.bundledRedis.enabled -}}true{{- end -}}
{{- end -}}

{{- define "roomcast.redisSecretName" -}}
{{- if .Values.redis.existingSecret -}}{{ .Values.redis.existingSecret }}{{- else -}}{{ include "roomcast.fullname" . }}-redis{{- end -}}
{{- end -}}

{{/* Go duration ("20s", "100ms", "1m") to whole seconds, rounded up. */}}
{{- define "roomcast.seconds" -}}
{{- $d := . | toString -}}
{{- if hasSuffix "ms" $d -}}{{ div (add (trimSuffix "ms" $d | int) 999) 1000 }}
{{- else if hasSuffix "s" $d -}}{{ trimSuffix "s" $d | int }}
{{- else if hasSuffix "m" $d -}}{{ mul (trimSuffix "m" $d | int) 60 }}
{{- else -}}{{ fail (printf "unsupported duration %s (use ms, s or m)" $d) }}{{- end -}}
{{- end -}}

{{/* A Kubernetes memory quantity ("448Mi", "1Gi", "512M") to whole MiB, rounded down. */}}
{{- define "roomcast.mebibytes" -}}
{{- $q := . | toString -}}
{{- if hasSuffix "Mi" $q -}}{{ trimSuffix "Mi" $q | int }}
{{- else if hasSuffix "Gi" $q -}}{{ mul (trimSuffix "Gi" $q | int) 1024 }}
{{- else if hasSuffix "M" $q -}}{{ div (mul (trimSuffix "M" $q | int) 1000000) 1048576 }}
{{- else if hasSuffix "G" $q -}}{{ div (mul (trimSuffix "G" $q | int) 1000000000) 1048576 }}
{{- else -}}{{ fail (printf "unsupported memory quantity %s (use Mi, Gi, M or G)" $q) }}{{- end -}}
{{- end -}}

{{/*
The process's memory options (docs/operations.md, "Out of memory"): exit on the first OutOfMemoryError, so
the container restarts instead of keeping a dead event loop behind a live port; heap and direct memory as
shares of the pod's memory limit, so the process fails its own allocations before the kernel kills it.
The same options suit the native binary and the JVM. One option per line.
*/}}
{{- define "roomcast.memoryOptions" -}}
{{- $m := .Values.memory -}}
{{- if gt (add (int $m.heapPercent) (int $m.directPercent)) 80 -}}
{{- fail (printf "memory.heapPercent (%v) + memory.directPercent (%v) must leave at least 20%% of the memory limit for the rest of the process" $m.heapPercent $m.directPercent) -}}
{{- end }}
-XX:+ExitOnOutOfMemoryError
{{- with .Values.resources.limits }}{{ with .memory }}
{{- $limit := include "roomcast.mebibytes" . | int }}
-Xmx{{ div (mul $limit (int $m.heapPercent)) 100 }}m
-XX:MaxDirectMemorySize={{ div (mul $limit (int $m.directPercent)) 100 }}m
{{- end }}{{ end }}
{{- range $m.extraOptions }}
{{ . }}
{{- end }}
{{- end -}}
