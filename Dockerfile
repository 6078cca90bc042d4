# The image docker-compose.yml runs as web, worker and beat.
FROM node:20-slim AS frontend
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg espeak-ng fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt constraints.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY --from=frontend /app/node_modules ./node_modules
COPY . .
RUN DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput --settings=pdsite.settings.production
EXPOSE 8000
