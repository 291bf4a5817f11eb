"""Write the safety-plan PDFs of a demo plan, and a PNG of each one's first page, for a person to look at.

    DEBUG=true .venv/bin/python manage.py pdf_previews [--out artifacts]

Needs no database: it renders unsaved demo objects through the same code the views use, then
runs pdftoppm (poppler-utils) on each PDF.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from planning import pdf
from planning.demo.safety import PLANS
from planning.models import Client, Organization, SafetyPlanVersion
from planning.services.crisis_lines import default_crisis_lines


class Command(BaseCommand):
    help = "Render the full safety plan and the wallet card for a demo client, with PNG previews of page one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", default="artifacts", help="Directory to write into (default: artifacts).")

    def handle(self, *args: Any, **options: Any) -> None:
        pdftoppm = shutil.which("pdftoppm")
        if pdftoppm is None:
            raise CommandError("pdftoppm not found: install poppler-utils.")
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        organization = Organization(name="Willow Street Clinic")
        client = Client(organization=organization, preferred_name="Sam")
        version = SafetyPlanVersion(number=2, content=PLANS["Sam"], created_at=timezone.now())
        lines = default_crisis_lines(organization)
        documents: dict[str, tuple[Callable[..., bytes], int]] = {
            "safety-plan": (pdf.safety_plan_pdf, 80),
            "wallet-card": (pdf.wallet_card_pdf, 200),
        }
        for name, (render, resolution) in documents.items():
            target = out / f"{name}.pdf"
            target.write_bytes(render(client=client, version=version, crisis_lines=lines))
            png_base = out / f"{name}-page1"
            subprocess.run(  # noqa: S603 - fixed arguments, no shell
                [
                    pdftoppm,
                    "-png",
                    "-singlefile",
                    "-r",
                    str(resolution),
                    "-f",
                    "1",
                    "-l",
                    "1",
                    str(target),
                    str(png_base),
                ],
                check=True,
            )
            self.stdout.write(f"{target}  {png_base}.png")
