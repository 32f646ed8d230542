{{/*
Redis as Quarkus reads it (docs/configuration.md): the topology (quarkus.redis.client-type), the addresses
(one URL, the cluster's seed nodes or the sentinels) from a Secret, an optional password from a Secret, and
for rediss:// the TLS registry's configuration named "redis" (host names checked, optional CA). Roomcast's own connections to
each cluster master copy these options, so one CA covers the seeds and every master.
*/}}

{{- define "roomcast.redisCaDir" -}}/etc/roomcast/redis-ca{{- end -}}

{{/* Fails on values that would render a Deployment that cannot reach its Redis. */}}
{{- define "roomcast.redisChecks" -}}
{{- $r := .Values.redis -}}
{{- if not (has $r.mode (list "standalone" "cluster" "sentinel")) -}}
{{- fail (printf "redis.mode must be standalone, cluster or sentinel, not %v" $r.mode) -}}
{{- end -}}
{{- if ne $r.mode "standalone" -}}
{{- if .Values.bundledRedis.enabled -}}
{{- fail (printf "bundledRedis is a single standalone Redis: it cannot serve redis.mode %v (point redis.url or redis.existingSecret at your cluster or sentinels)" $r.mode) -}}
{{- end -}}
{{- if not (or $r.url $r.existingSecret) -}}
{{- fail (printf "redis.mode %v needs redis.url or redis.existingSecret (the seed nodes or sentinels)" $r.mode) -}}
{{- end -}}
{{- end -}}
{{- if and (eq $r.mode "sentinel") (not $r.sentinel.masterName) -}}
{{- fail "redis.mode sentinel needs redis.sentinel.masterName (the name the sentinels monitor the master under)" -}}
{{- end -}}
{{- if and $r.tls.caSecret (not $r.tls.enabled) -}}
{{- fail "redis.tls.caSecret is set but redis.tls.enabled is not" -}}
{{- end -}}
{{- if $r.tls.enabled -}}
{{- if and .Values.bundledRedis.enabled (not $r.url) (not $r.existingSecret) -}}
{{- fail "redis.tls.enabled: the bundled Redis speaks plain redis://, not TLS" -}}
{{- end -}}
{{- range (splitList "," $r.url) -}}
{{- if and (trim .) (not (hasPrefix "rediss://" (trim .))) -}}
{{- fail (printf "redis.tls.enabled: every address in redis.url must start with rediss://, not %v" (trim . | regexReplaceAll ":[^:@/]*@" "@")) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The container's Redis environment variables (only when Redis is configured). */}}
{{- define "roomcast.redisEnv" -}}
{{- include "roomcast.redisChecks" . -}}
{{- $r := .Values.redis -}}
- name: ROOMCAST_FANOUT_TYPE
  value: redis
- name: ROOMCAST_FANOUT_CHANNEL_PREFIX
  value: {{ $r.channelPrefix | quote }}
- name: QUARKUS_REDIS_CLIENT_TYPE
  value: {{ $r.mode | quote }}
{{- if and .Values.bundledRedis.enabled (not $r.url) (not $r.existingSecret) }}
- name: QUARKUS_REDIS_HOSTS
  value: "redis://{{ include "roomcast.fullname" . }}-redis:6379"
{{- else }}
- name: QUARKUS_REDIS_HOSTS
  valueFrom:
    secretKeyRef:
      name: {{ include "roomcast.redisSecretName" . }}
      key: {{ $r.existingSecretKey }}
{{- end }}
{{- if eq $r.mode "sentinel" }}
- name: QUARKUS_REDIS_MASTER_NAME
  value: {{ $r.sentinel.masterName | quote }}
# Roomcast publishes and writes history: it needs the master, never a replica.
- name: QUARKUS_REDIS_ROLE
  value: master
{{- end }}
{{- if $r.passwordSecret }}
- name: QUARKUS_REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $r.passwordSecret | quote }}
      key: {{ $r.passwordSecretKey | quote }}
{{- end }}
{{- if $r.tls.enabled }}
# The TLS registry's configuration "redis". Vert.x refuses TLS without a host name verification algorithm;
# the registry hands the name to the JDK as it is, so "NONE" would fail every handshake: always HTTPS.
- name: QUARKUS_REDIS_TLS_CONFIGURATION_NAME
  value: redis
- name: QUARKUS_TLS__REDIS__HOSTNAME_VERIFICATION_ALGORITHM
  value: HTTPS
{{- if $r.tls.caSecret }}
- name: QUARKUS_TLS__REDIS__TRUST_STORE_PEM_CERTS
  value: {{ include "roomcast.redisCaDir" . }}/ca.crt
{{- end }}
{{- end }}
{{- end -}}
