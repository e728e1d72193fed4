import { useParams } from "react-router";

import { TicketView } from "../components/TicketView";

import "@/styles/records.css";
import "../support.css";

export default function TicketRoute() {
  const { id = "" } = useParams();
  return <TicketView id={id} staff={false} />;
}
