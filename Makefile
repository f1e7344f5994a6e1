# The two commands of the README, plus helpers. Everything runs on this machine's defaults:
# a private PostgreSQL cluster (infra/postgres.sh) and the embedded Kafka-protocol broker.
.PHONY: run test bench bench-micro build restore clean postgres-start postgres-stop

CONFIGURATION ?= Release

run: build ## start PostgreSQL, the embedded broker and the three services; Ctrl-C stops them all
	@CONFIGURATION=$(CONFIGURATION) bash infra/run.sh

test: build ## run every test; ends with "N passed, N failed"
	@CONFIGURATION=$(CONFIGURATION) bash infra/test.sh

bench: build ## lifecycle benchmark (docs/performance.md): results in bench-results/latest.{json,md,png}
	@dotnet infra/Orders.Bench/bin/$(CONFIGURATION)/net10.0/orders-bench.dll

bench-micro: ## BenchmarkDotNet micro-benchmarks of deciders, upcasters and serialization (always Release)
	dotnet build infra/Orders.Benchmarks -c Release -nologo -v:q -clp:NoSummary
	@dotnet infra/Orders.Benchmarks/bin/Release/net10.0/Orders.Benchmarks.dll $(BENCH_MICRO_ARGS)

build: restore
	dotnet build Orders.sln -c $(CONFIGURATION) --no-restore -nologo -clp:NoSummary -v:q

restore:
	dotnet restore Orders.sln -nologo -v:q

postgres-start:
	@bash infra/postgres.sh start

postgres-stop:
	@bash infra/postgres.sh stop

clean:
	dotnet clean Orders.sln -nologo -v:q
