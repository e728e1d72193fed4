import { useParams } from "react-router";

import { TicketView } from "../components/TicketView";

import "@/styles/records.css";
import "../support.css";

/** Support staff: one ticket with the thread, an answer and «Закрыть». */
export default function AdminTicketRoute() {
  const { id = "" } = useParams();
  return <TicketView id={id} staff />;
}
