# syntax=docker/dockerfile:1
# Build the wheel in one stage; the runtime stage gets only the installed package and content.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    LOOKOUT_MESSAGES_DIR=/app/messages \
    LOOKOUT_DATABASE_URL=sqlite:////data/lookout.db \
    LOOKOUT_HTTP_HOST=0.0.0.0 \
    LOOKOUT_HTTP_PORT=8080
RUN groupadd --gid 10001 lookout \
    && useradd --uid 10001 --gid 10001 --create-home --shell /usr/sbin/nologin lookout \
    && mkdir /data && chown 10001:10001 /data
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
COPY messages /app/messages
WORKDIR /app
VOLUME ["/data"]
EXPOSE 8080
USER 10001:10001
# slim has no curl: ask the health endpoint with the Python that is already there.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4).status == 200 else 1)"]
CMD ["lookout", "run"]
