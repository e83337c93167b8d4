# `sam build` runs `make build-<LogicalId>` for each function (template.yaml: Metadata BuildMethod makefile) with
# ARTIFACTS_DIR set to the directory it zips and uploads. Both functions run the same shaded jar that
# `bin/mvn package` builds; it is unpacked there, which is the layout Lambda's Java runtime loads (classes at the
# root). The jar is rebuilt only when a source is newer than it.
JAR := target/tidemark-lambda.jar
SOURCES := pom.xml $(shell find src/main -type f)

.PHONY: build-SyncFunction build-HealthFunction

build-SyncFunction build-HealthFunction: $(JAR)
	@test -n "$(ARTIFACTS_DIR)" || { echo "make $@: ARTIFACTS_DIR is not set (sam build sets it)" >&2; exit 2; }
	mkdir -p "$(ARTIFACTS_DIR)"
	cd "$(ARTIFACTS_DIR)" && "$$($(CURDIR)/bin/jdk25)/bin/jar" xf "$(CURDIR)/$(JAR)"

$(JAR): $(SOURCES)
	bin/mvn -q -DskipTests package
