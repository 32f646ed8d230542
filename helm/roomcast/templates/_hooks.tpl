{{/* Webhooks and hooks (docs/hooks.md): URLs and policies as values, signing secrets from existing Secrets. */}}
{{- define "roomcast.hooksEnv" -}}
{{- $w := .Values.webhooks -}}
{{- $h := .Values.hooks -}}
{{- if $w.url }}
{{- if not $w.existingSecret }}
{{- fail "webhooks.url needs webhooks.existingSecret (a Secret with the signing secret)" }}
{{- end }}
- name: ROOMCAST_WEBHOOKS_URL
  value: {{ $w.url | quote }}
- name: ROOMCAST_WEBHOOKS_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ $w.existingSecret | quote }}
      key: {{ $w.existingSecretKey | quote }}
{{- if $w.events }}
- name: ROOMCAST_WEBHOOKS_EVENTS
  value: {{ $w.events | quote }}
{{- end }}
{{- end }}
{{- if or $h.connectUrl $h.joinUrl $h.publishUrl }}
{{- if not $h.existingSecret }}
{{- fail "hooks.connectUrl, joinUrl or publishUrl need hooks.existingSecret (a Secret with the signing secret)" }}
{{- end }}
{{- range $name, $url := dict "CONNECT" $h.connectUrl "JOIN" $h.joinUrl "PUBLISH" $h.publishUrl }}
{{- if $url }}
- name: ROOMCAST_HOOKS_{{ $name }}_URL
  value: {{ $url | quote }}
{{- end }}
{{- end }}
- name: ROOMCAST_HOOKS_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ $h.existingSecret | quote }}
      key: {{ $h.existingSecretKey | quote }}
- name: ROOMCAST_HOOKS_TIMEOUT
  value: {{ $h.timeout | quote }}
- name: ROOMCAST_HOOKS_CONNECT_ON_FAILURE
  value: {{ $h.connectOnFailure | quote }}
- name: ROOMCAST_HOOKS_JOIN_ON_FAILURE
  value: {{ $h.joinOnFailure | quote }}
- name: ROOMCAST_HOOKS_PUBLISH_ON_FAILURE
  value: {{ $h.publishOnFailure | quote }}
{{- end }}
{{- end -}}
