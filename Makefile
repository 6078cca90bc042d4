# The two commands are `make run` and `make test`; the rest are their parts.
.PHONY: setup services stop-services run test benchmarks

setup:            ## install everything (Debian packages, virtualenv, npm packages, service jars); idempotent
	bash scripts/setup.sh

services: setup   ## start PostgreSQL, Redis, OpenSearch and the S3 server on loopback; write .services.env
	bash scripts/services.sh start

stop-services:
	bash scripts/services.sh stop

run: setup        ## embedded default: SQLite, database search, local media, filesystem broker
	bash scripts/run.sh

test: services    ## the whole suite against the real services, browser tests included
	bash scripts/test.sh
