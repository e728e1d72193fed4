"""Push: Web Push to browsers (VAPID) and native apps' devices through a gateway per platform."""
