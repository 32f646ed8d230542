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
