#!/usr/bin/env bash
# `make helm-lint`: helm lint and helm template of helm/orders with every values file, when helm is installed.
# Without helm it says so and runs nothing (set HELM_REQUIRED=1 to make that a failure, e.g. in CI). The checks that
# need no helm (values against values.schema.json, templates as YAML, chart against the code) are in
# tests/Orders.DeploymentTests and run with `make test`.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
chart="$repo/helm/orders"

if ! command -v helm >/dev/null 2>&1; then
  echo "helm-lint: SKIPPED: helm is not installed, so neither 'helm lint' nor 'helm template' ran."
  echo "helm-lint: the chart's static checks run in tests/Orders.DeploymentTests (make test)."
  [[ "${HELM_REQUIRED:-0}" == "1" ]] && exit 1
  exit 0
fi

status=0
for values in "$chart"/values*.yaml; do
  name="$(basename "$values")"
  args=()
  [[ "$name" != "values.yaml" ]] && args=(-f "$values")
  echo "== helm lint --strict ($name)"
  helm lint --strict "$chart" "${args[@]}" || status=1
  echo "== helm template ($name)"
  helm template orders "$chart" "${args[@]}" >/dev/null || status=1
done
exit $status
