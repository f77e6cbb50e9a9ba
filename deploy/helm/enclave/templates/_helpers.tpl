{{/* Labels shared by every object of the chart. */}}
{{- define "enclave.labels" -}}
app.kubernetes.io/name: enclave-operator
app.kubernetes.io/part-of: enclave
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* The selector of the operator pods; never changes between releases. */}}
{{- define "enclave.selector" -}}
app.kubernetes.io/name: enclave-operator
{{- end -}}

{{/* The served jurisdictions, comma-separated; at least one is required. */}}
{{- define "enclave.jurisdictions" -}}
{{- if not .Values.jurisdictions -}}
{{- fail "jurisdictions is required: the jurisdictions this host cluster serves, e.g. --set 'jurisdictions={eu}'" -}}
{{- end -}}
{{- join "," .Values.jurisdictions -}}
{{- end -}}

{{/* Who issues the webhook's serving certificate: enclave (the operator) or cert-manager. */}}
{{- define "enclave.certificateManager" -}}
{{- $manager := .Values.webhook.certificate.manager -}}
{{- if not (has $manager (list "enclave" "cert-manager")) -}}
{{- fail (printf "webhook.certificate.manager must be enclave or cert-manager, found %q" $manager) -}}
{{- end -}}
{{- $manager -}}
{{- end -}}
