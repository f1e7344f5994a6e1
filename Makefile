# The two commands of the README, plus helpers. Everything runs on this machine's defaults:
# a private PostgreSQL cluster (infra/postgres.sh) and the embedded Kafka-protocol broker.
.PHONY: run run-local run-docker test chaos bench bench-micro build restore clean postgres-start postgres-stop helm-lint

CONFIGURATION ?= Release

# A Docker engine that answers means a real Kafka (KRaft) and PostgreSQL in containers; otherwise the embedded broker.
# ORDERS_RUN=local forces the embedded broker; KAFKA_BOOTSTRAP_SERVERS (a Kafka of your own) implies local too.
run: ## start Kafka, PostgreSQL and the three services; Ctrl-C stops them all
	@if [ "$${ORDERS_RUN:-}" != "local" ] && [ -z "$${KAFKA_BOOTSTRAP_SERVERS:-}" ] && command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then \
		$(MAKE) --no-print-directory run-docker; \
	else \
		echo "run: no Docker engine answers (or ORDERS_RUN=local): embedded Kafka broker and a private PostgreSQL"; \
		$(MAKE) --no-print-directory run-local; \
	fi

run-local: build ## make run on the embedded broker and the private PostgreSQL, whether or not Docker answers
	@CONFIGURATION=$(CONFIGURATION) bash infra/run.sh

run-docker: ## make run under docker compose (infra/docker-compose.yml)
	@echo "run: Docker answers: real Kafka (KRaft) + PostgreSQL + the three services (infra/docker-compose.yml)"
	docker compose -f infra/docker-compose.yml up --build

helm-lint: ## helm lint + helm template with every values file; says SKIPPED when helm is not installed
	@bash infra/helm-lint.sh

test: build ## run every test; ends with "N passed, N failed, N skipped"
	@CONFIGURATION=$(CONFIGURATION) bash infra/test.sh

chaos: build ## 1,000 orders through every kind of fault, then the invariant checker; prints a table (see README)
	@CONFIGURATION=$(CONFIGURATION) bash infra/chaos.sh

bench: build ## lifecycle benchmark (docs/performance.md): results in bench-results/latest.{json,md,png}
	@dotnet infra/Orders.Bench/bin/$(CONFIGURATION)/net10.0/orders-bench.dll

bench-micro: ## BenchmarkDotNet micro-benchmarks of deciders, upcasters and serialization (always Release)
	dotnet build infra/Orders.Benchmarks -c Release -nologo -v:q -clp:NoSummary
	@dotnet infra/Orders.Benchmarks/bin/Release/net10.0/Orders.Benchmarks.dll $(BENCH_MICRO_ARGS)

build: restore ## restore and build the solution (CONFIGURATION=Release by default)
	dotnet build Orders.sln -c $(CONFIGURATION) --no-restore -nologo -clp:NoSummary -v:q

restore: ## dotnet restore of the solution
	dotnet restore Orders.sln -nologo -v:q

postgres-start: ## start the private PostgreSQL cluster (infra/postgres.sh; port 55432)
	@bash infra/postgres.sh start

postgres-stop: ## stop it
	@bash infra/postgres.sh stop

clean: ## dotnet clean of the solution
	dotnet clean Orders.sln -nologo -v:q
