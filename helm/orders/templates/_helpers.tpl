{{/* Names and labels. */}}
{{- define "orders.fullname" -}}
{{- if contains .Chart.Name .Release.Name }}{{ .Release.Name | trunc 50 | trimSuffix "-" }}{{ else }}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" }}{{ end }}
{{- end }}

{{/* Labels of every resource but the instance: beside orders.selectorLabels, which has it (a key written twice is refused
     by strict YAML readers such as kustomize's). */}}
{{- define "orders.commonLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
app.kubernetes.io/part-of: orders
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}

{{/* Labels of a resource that belongs to no one service. */}}
{{- define "orders.labels" -}}
{{ include "orders.commonLabels" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Selector labels of one service; call with (dict "root" $ "name" $name). */}}
{{- define "orders.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end }}

{{- define "orders.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}{{ default (include "orders.fullname" .) .Values.serviceAccount.name }}{{ else }}{{ default "default" .Values.serviceAccount.name }}{{ end }}
{{- end }}

{{/* Image reference; call with (dict "root" $ "image" "orders-ordering"). */}}
{{- define "orders.image" -}}
{{ printf "%s/%s:%s" .root.Values.image.registry .image (default .root.Chart.AppVersion .root.Values.image.tag) }}
{{- end }}

{{/* The smallest partition count in the topic catalog: no consumer group can use more replicas than that. */}}
{{- define "orders.minPartitions" -}}
{{- $min := 0 }}
{{- range .Values.topics }}{{ if or (eq $min 0) (lt (int .partitions) $min) }}{{ $min = int .partitions }}{{ end }}{{ end }}
{{- $min }}
{{- end }}

{{/* Fails the render when replicas could never all consume: each listener's group has at most one consumer per partition. */}}
{{- define "orders.validateReplicas" -}}
{{- $min := include "orders.minPartitions" .root | int }}
{{- if gt (int .service.replicas) $min }}{{ fail (printf "services.%s.replicas=%d exceeds the %d partitions of the topics: extra replicas would get no partition" .name (int .service.replicas) $min) }}{{ end }}
{{- if and .service.autoscaling.enabled (gt (int .service.autoscaling.maxReplicas) $min) }}{{ fail (printf "services.%s.autoscaling.maxReplicas=%d exceeds the %d partitions of the topics" .name (int .service.autoscaling.maxReplicas) $min) }}{{ end }}
{{- end }}

{{/*
Non-secret settings of one service as environment variables (the ConfigMap's data, and the setup Job's env, which
runs before the ConfigMap exists). Call with (dict "root" $ "name" $name "service" $service).
*/}}
{{- define "orders.config" -}}
ASPNETCORE_HTTP_PORTS: {{ .root.Values.containerPort | quote }}
Kafka__BootstrapServers: {{ .root.Values.kafka.bootstrapServers | quote }}
Kafka__GroupPrefix: {{ .root.Values.kafka.groupPrefix | quote }}
{{- if .root.Values.kafka.securityProtocol }}
Kafka__SecurityProtocol: {{ .root.Values.kafka.securityProtocol | quote }}
{{- end }}
{{- if .root.Values.kafka.saslMechanism }}
Kafka__SaslMechanism: {{ .root.Values.kafka.saslMechanism | quote }}
{{- end }}
{{- if .root.Values.kafka.caSecret.name }}
Kafka__SslCaLocation: {{ printf "/etc/orders/kafka/%s" .root.Values.kafka.caSecret.key | quote }}
{{- end }}
Postgres__SslMode: {{ .root.Values.postgres.sslMode | quote }}
{{- if .root.Values.postgres.caSecret.name }}
Postgres__RootCertificate: {{ printf "/etc/orders/postgres/%s" .root.Values.postgres.caSecret.key | quote }}
{{- end }}
Health__MaxConsumerLag: {{ .root.Values.health.maxConsumerLag | quote }}
Health__MaxInboxDepth: {{ .root.Values.health.maxInboxDepth | quote }}
Health__CacheFor: {{ .root.Values.health.cacheFor | quote }}
Logging__Format: {{ .root.Values.logging.format | quote }}
Codegen__Mode: "Static"
Telemetry__Prometheus: {{ .root.Values.telemetry.prometheus | quote }}
{{- if .root.Values.telemetry.otlpEndpoint }}
OTEL_EXPORTER_OTLP_ENDPOINT: {{ .root.Values.telemetry.otlpEndpoint | quote }}
{{- end }}
{{- range $key, $value := .service.env }}
{{ $key }}: {{ $value | quote }}
{{- end }}
{{- end }}

{{/* Secret settings, read from Secrets that exist before install. Call with (dict "root" $ "name" $name). */}}
{{- define "orders.secretEnv" -}}
- name: ConnectionStrings__Postgres
  valueFrom:
    secretKeyRef:
      name: {{ .root.Values.postgres.connectionStringSecret.name }}
      key: {{ .name }}
{{- if ne .name "payment" }}
{{ include "orders.keyStoreEnv" .root }}
{{- end }}
{{- if .root.Values.kafka.credentialsSecret.name }}
- name: Kafka__SaslUsername
  valueFrom:
    secretKeyRef:
      name: {{ .root.Values.kafka.credentialsSecret.name }}
      key: {{ .root.Values.kafka.credentialsSecret.usernameKey }}
- name: Kafka__SaslPassword
  valueFrom:
    secretKeyRef:
      name: {{ .root.Values.kafka.credentialsSecret.name }}
      key: {{ .root.Values.kafka.credentialsSecret.passwordKey }}
{{- end }}
{{- if .root.Values.admin.apiKeySecret.name }}
- name: Admin__ApiKey
  valueFrom:
    secretKeyRef:
      name: {{ .root.Values.admin.apiKeySecret.name }}
      key: {{ .root.Values.admin.apiKeySecret.key }}
      optional: true
{{- end }}
{{- end }}

{{/* Read-only root file system: /tmp is the only writable place; certificates come from Secrets. */}}
{{- define "orders.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: 64Mi
{{- if .Values.kafka.caSecret.name }}
- name: kafka-ca
  secret:
    secretName: {{ .Values.kafka.caSecret.name }}
{{- end }}
{{- if .Values.postgres.caSecret.name }}
- name: postgres-ca
  secret:
    secretName: {{ .Values.postgres.caSecret.name }}
{{- end }}
{{- end }}

{{- define "orders.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if .Values.kafka.caSecret.name }}
- name: kafka-ca
  mountPath: /etc/orders/kafka
  readOnly: true
{{- end }}
{{- if .Values.postgres.caSecret.name }}
- name: postgres-ca
  mountPath: /etc/orders/postgres
  readOnly: true
{{- end }}
{{- end }}

{{/* The customer key store (GDPR crypto-shredding): Ordering seals personal data, Shipping opens addresses; Payment never sees it. */}}
{{- define "orders.keyStoreEnv" -}}
- name: ConnectionStrings__KeyStore
  valueFrom:
    secretKeyRef:
      name: {{ .Values.postgres.connectionStringSecret.name }}
      key: keystore
{{- end }}
