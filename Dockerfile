# Minimal image until the operations issue: builds the wheel, runs as a non-root user.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 lookout
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
COPY messages /app/messages
WORKDIR /app
ENV LOOKOUT_MESSAGES_DIR=/app/messages LOOKOUT_DATABASE_URL=sqlite:////data/lookout.db
RUN mkdir /data && chown lookout /data
VOLUME ["/data"]
USER lookout
CMD ["lookout", "run"]
