# `sam build` runs `make build-<LogicalId>` for each function (template.yaml: Metadata BuildMethod makefile) with
# ARTIFACTS_DIR set to the directory it zips and uploads. Both functions run the same shaded jar that
# `bin/mvn package` builds; it is unpacked there, which is the layout Lambda's Java runtime loads (classes at the
# root, the RDS CA bundle at rds-ca/). The jar is rebuilt only when a source is newer than it.
#
# samconfig.toml builds in the source directory (build_in_source): the first function's target refreshes
# target/tidemark-lambda.jar and the second finds it fresh, so a `sam build` after an edit runs Maven once, and one
# without an edit not at all. (Without it, SAM copies the project into a scratch directory per function, and each
# copy runs Maven while target/ here stays stale.) Do not combine it with `sam build --parallel`: two functions
# would then run Maven in the same directory at once.
JAR := target/tidemark-lambda.jar
SOURCES := pom.xml $(shell find src/main -type f)
# The Maven command; MakefileBuildIT counts its runs by replacing it.
MVN ?= bin/mvn

.PHONY: build-SyncFunction build-HealthFunction

build-SyncFunction build-HealthFunction: $(JAR)
	@test -n "$(ARTIFACTS_DIR)" || { echo "make $@: ARTIFACTS_DIR is not set (sam build sets it)" >&2; exit 2; }
	mkdir -p "$(ARTIFACTS_DIR)"
	cd "$(ARTIFACTS_DIR)" && "$$($(CURDIR)/bin/jdk25)/bin/jar" xf "$(CURDIR)/$(JAR)"

$(JAR): $(SOURCES)
	$(MVN) -q -DskipTests package
