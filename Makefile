# The two commands of the README, plus helpers. Everything runs on this machine's defaults:
# a private PostgreSQL cluster (infra/postgres.sh) and the embedded Kafka-protocol broker.
.PHONY: run test chaos build restore clean postgres-start postgres-stop

CONFIGURATION ?= Release

run: build ## start PostgreSQL, the embedded broker and the three services; Ctrl-C stops them all
	@CONFIGURATION=$(CONFIGURATION) bash infra/run.sh

test: build ## run every test; ends with "N passed, N failed"
	@CONFIGURATION=$(CONFIGURATION) bash infra/test.sh

chaos: build ## 1,000 orders through every kind of fault, then the invariant checker; prints a table (see README)
	@CONFIGURATION=$(CONFIGURATION) bash infra/chaos.sh

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
