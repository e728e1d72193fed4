# syntax=docker/dockerfile:1
# Stage 1: build the SPA.
FROM node:20-bookworm-slim AS spa
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
COPY openapi/ /src/openapi/
RUN npm run build

# Stage 2: the Python runtime (API, worker, migrations), non-root.
FROM python:3.11-slim-bookworm AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    EDUDIARY_ENV=production EDUDIARY_HOST=0.0.0.0 EDUDIARY_PORT=8000 \
    EDUDIARY_DATA_DIR=/var/lib/edudiary EDUDIARY_FRONTEND_DIST=/app/frontend/dist
# Fonts report PDFs embed (Cyrillic), EDUDIARY_PDF_FONT_DIR's default.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system edudiary && useradd --system --gid edudiary --home /app edudiary \
    && mkdir -p /var/lib/edudiary && chown edudiary:edudiary /var/lib/edudiary
WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY api/ api/
COPY migrations/ migrations/
RUN pip install --no-compile ".[s3]" && rm -rf /root/.cache
COPY --from=spa /src/frontend/dist/ frontend/dist/
USER edudiary
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/api/v1/health', timeout=4).status == 200 else 1)"
# Production: DATABASE_URL is required; run `edudiary migrate` once per deploy, and
# `edudiary worker` as separate containers from the same image.
CMD ["edudiary", "serve"]
