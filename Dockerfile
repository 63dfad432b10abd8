# Crochets: the service, with htmx served by the image itself (no CDN needed in the conference room).

# Stage 1: fetch htmx, its SSE extension and Swagger UI (for /docs) from the npm registry.
FROM node:20-slim AS htmx
WORKDIR /fetch
RUN npm pack --silent htmx.org@2.0.11 htmx-ext-sse@2.2.4 swagger-ui-dist@5.35.0 \
 && mkdir -p /vendor \
 && tar -xzf htmx.org-2.0.11.tgz && cp package/dist/htmx.min.js /vendor/ && rm -rf package \
 && tar -xzf htmx-ext-sse-2.2.4.tgz && cp package/dist/sse.min.js /vendor/ && rm -rf package \
 && tar -xzf swagger-ui-dist-5.35.0.tgz && cp package/swagger-ui-bundle.js package/swagger-ui.css /vendor/ \
 && rm -rf package

# Stage 2: build the wheel.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY app ./app
COPY migrations ./migrations
COPY templates ./templates
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

# Stage 3: the runtime image.
FROM python:3.11-slim
RUN useradd --create-home --uid 10001 crochets && mkdir -p /data && chown crochets /data
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
COPY --from=htmx /vendor /opt/crochets/vendor
ENV CROCHETS_DATA_DIR=/data \
    CROCHETS_VENDOR_DIR=/opt/crochets/vendor \
    CROCHETS_HTMX_URL=/static/vendor/htmx.min.js \
    CROCHETS_HTMX_SSE_URL=/static/vendor/sse.min.js \
    CROCHETS_SWAGGER_JS_URL=/static/vendor/swagger-ui-bundle.js \
    CROCHETS_SWAGGER_CSS_URL=/static/vendor/swagger-ui.css
USER crochets
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"
CMD ["crochets", "serve", "--host", "0.0.0.0", "--port", "8000"]
