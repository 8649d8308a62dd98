# cpt97124-mcp in a container: stdio MCP server by default (what a chat client launches with `docker run -i`).
#   docker build -t cpt97124-mcp .
#   docker run -i --rm cpt97124-mcp                                   stdio
#   docker run --rm -p 8000:8000 cpt97124-mcp serve --http --host 0.0.0.0   http://127.0.0.1:8000/mcp
# scripts/docker-smoke.sh builds it and checks both. Imported NCCI tables live in /data (mount a volume there).
FROM python:3.12-slim AS build
WORKDIR /src
COPY . .
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.12-slim
RUN useradd --create-home --uid 10001 mcp && mkdir /data && chown mcp /data
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER mcp
ENV CPT97124_DATA_DIR=/data PYTHONUNBUFFERED=1
VOLUME /data
EXPOSE 8000
ENTRYPOINT ["cpt97124-mcp"]
